import { Injectable } from '@nestjs/common';
import type { FieldConfidences, ReceiptLineItem } from './receipt.types';

/** What a parser extracts from a receipt picture: plain values plus confidences, as the preparsed mode stores them. */
export interface ParsedReceipt {
  ocrConfidence: number | null;
  serviceDate: string | null;
  serviceTime: string | null;
  total: number | null;
  subtotal: number | null;
  barcode: string | null;
  transactionId?: string | null;
  locationIdentifier: string | null;
  locationAddress: string | null;
  merchantName: string | null;
  language: string | null;
  formatSlug: string | null;
  lineItems: ReceiptLineItem[];
  confidences: FieldConfidences;
}

export interface ReceiptParseJob {
  tenantId: string;
  receiptId: string;
  pictureUrl: string;
}

/**
 * The port for default-mode receipts. Called after the receipt is stored PENDING (outside the request's
 * transaction). An adapter that parses asynchronously hands its result to
 * `ReceiptsService.completeParsing(tenantId, receiptId, parsed)`, which runs the automated review; an
 * adapter must fetch `pictureUrl` only through the guarded outbound client (SPEC section 11).
 */
export interface ReceiptParser {
  readonly name: string;
  requestParsing(job: ReceiptParseJob): Promise<void>;
}

export const RECEIPT_PARSER = Symbol('RECEIPT_PARSER');

/** No parser configured: the receipt stays PENDING with no review until an admin reviews it by hand. */
@Injectable()
export class NoReceiptParser implements ReceiptParser {
  readonly name = 'none';

  async requestParsing(): Promise<void> {
    // Nothing to do, by design: the picture is not fetched and the receipt waits for manual review.
  }
}
