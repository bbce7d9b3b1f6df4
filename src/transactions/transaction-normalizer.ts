import { Injectable } from '@nestjs/common';
import { BadRequestError } from '../common/domain-error';
import { ProductsService } from '../products/products.service';

export const MAX_LINE_ITEMS = 1000;
export type TransactionTypeName = 'RECEIPT' | 'ORDER';

/**
 * Makes a transaction what the rule engine sees: `type` (default given by the caller), and line items
 * without a productId matched to the tenant's products. Every other field passes through as given.
 * Receipts, orders and the dry-run endpoint all go through here, so a dry run sees what a real
 * submission would.
 */
@Injectable()
export class TransactionNormalizer {
  constructor(private readonly products: ProductsService) {}

  async normalize(tenantId: string, raw: Record<string, unknown>, defaultType: TransactionTypeName): Promise<Record<string, unknown>> {
    const type = raw.type ?? defaultType;
    if (type !== 'RECEIPT' && type !== 'ORDER') {
      throw new BadRequestError('transaction.type must be RECEIPT or ORDER', [{ path: 'transaction.type', message: 'must be RECEIPT or ORDER' }]);
    }
    const out: Record<string, unknown> = { ...raw, type };
    if (Array.isArray(raw.lineItems)) {
      if (raw.lineItems.length > MAX_LINE_ITEMS) {
        throw new BadRequestError(`At most ${MAX_LINE_ITEMS} line items are accepted`, [{ path: 'lineItems', message: `must have at most ${MAX_LINE_ITEMS} items` }]);
      }
      const items = raw.lineItems.map((i) => (i && typeof i === 'object' && !Array.isArray(i) ? (i as Record<string, unknown>) : i));
      const objects = items.filter((i): i is Record<string, unknown> => !!i && typeof i === 'object' && !Array.isArray(i));
      const matched = await this.products.matchLineItems(tenantId, objects);
      const byIndex = new Map(objects.map((o, k) => [o, matched[k]]));
      out.lineItems = items.map((i) => (i && typeof i === 'object' && byIndex.has(i as Record<string, unknown>) ? byIndex.get(i as Record<string, unknown>) : i));
    }
    return out;
  }
}
