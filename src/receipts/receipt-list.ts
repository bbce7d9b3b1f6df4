import type { FilterFieldSpec, FilterSpec, ListQuerySpec } from '../common/list-query';
import { RECEIPT_STATUSES, REVIEW_REASON_VALUES } from './receipt.types';

const text: FilterFieldSpec = { type: 'string', operators: ['eq', 'neq', 'in', 'like'] };
const amount: FilterFieldSpec = { type: 'number', operators: ['eq', 'neq', 'gt', 'lt', 'in'] };
const moment: FilterFieldSpec = { type: 'datetime', operators: ['eq', 'gt', 'lt'] };

/**
 * The fields `GET /receipts?filter=` accepts (documented in src/receipts/README.md); anything else is a 400 naming the field.
 * Column names come only from here; values are bound parameters (src/common/list-query).
 */
export const RECEIPT_FILTERS: FilterSpec = {
  id: { type: 'uuid', operators: ['eq', 'in'] },
  status: { type: 'enum', operators: ['eq', 'neq', 'in'], enumValues: RECEIPT_STATUSES },
  /** The paramount review's reason. */
  reason: { type: 'enum', operators: ['eq', 'neq', 'in'], enumValues: REVIEW_REASON_VALUES },
  /** The submitter's authIdentifier. */
  submitter: { type: 'string', operators: ['eq', 'neq', 'in'], column: 'submitterAuthIdentifier' },
  merchantName: text,
  formatSlug: text,
  barcode: text,
  transactionId: text,
  locationIdentifier: text,
  language: { type: 'string', operators: ['eq', 'neq', 'in'] },
  total: amount,
  subtotal: amount,
  ocrConfidence: { type: 'number', operators: ['gt', 'lt'] },
  serviceDate: { type: 'date', operators: ['eq', 'gt', 'lt'] },
  servedAt: moment,
  notionallyServedAt: moment,
  createdAt: moment,
  updatedAt: moment,
  useParser: { type: 'boolean', operators: ['eq'] },
  /** Matched products of the line items: `productIds:(has:'<product id>')`. */
  productIds: {
    type: 'string',
    operators: ['has'],
    hasSql: (alias, param) => `EXISTS (SELECT 1 FROM receipt_products rp WHERE rp."receiptId" = ${alias}.id AND rp."productId" = :${param})`,
  },
};

export const RECEIPT_LIST: ListQuerySpec = {
  filter: RECEIPT_FILTERS,
  sort: ['createdAt', 'updatedAt', 'notionallyServedAt', 'total', 'subtotal'],
};

export const LIST_PARAMETERS: readonly string[] = ['limit', 'skip', 'sort', 'order', 'filter'];
