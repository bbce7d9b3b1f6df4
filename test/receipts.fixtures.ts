import type { TestTenant } from './support/test-app';

export const DAY_MS = 86_400_000;

/** A UTC calendar date `days` before now (negative: in the future). */
export function daysAgo(days: number): string {
  return new Date(Date.now() - days * DAY_MS).toISOString().slice(0, 10);
}

let counter = 0;
/** A barcode no other test uses. */
export function freshBarcode(prefix = 'BC'): string {
  return `${prefix}-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * A preparsed claim as the reference's request example writes it (values of `{value, confidence}` pairs
 * are strings), served yesterday at 12:00, for `submitter`, with a unique barcode.
 */
export function preparsedClaim(over: Record<string, unknown> = {}, submitter = 'user-1'): Record<string, unknown> {
  return {
    useParser: false,
    submitter: { authIdentifier: submitter },
    pictureUrl: 'https://example.com/receiptImage.jpg',
    ocrConfidence: 0.76,
    serviceDate: { value: daysAgo(1), confidence: 0.89 },
    serviceTime: { value: '12:00', confidence: 0.88 },
    lineItems: [
      { quantity: 2, description: 'Banana', identifier: 'SKU123', unit: 'Bunch', unitPrice: 1.99, totalPrice: 3.98, metadata: { key: 'value' } },
    ],
    subtotal: { value: '3.98', confidence: 0.87 },
    total: { value: '3.98', confidence: 0.86 },
    barcode: { value: freshBarcode(), confidence: 0.85 },
    locationIdentifier: { value: 'LOC-1', confidence: 0.84 },
    locationAddress: { value: '123 Road Street, Leeds', confidence: 0.83 },
    submissionPosition: { longitude: -1.5491, latitude: 53.8008 },
    formatSlug: 'example-format',
    merchantName: { value: `Merchant ${Math.random().toString(36).slice(2, 8)}`, confidence: 0.82 },
    language: { value: 'en', confidence: 0.81 },
    metadata: { source: 'API', campaignId: 'ExampleCampaign', key: 'value' },
    ...over,
  };
}

export const adminHeaders = (t: TestTenant) => ({ 'X-Api-Key': t.apiKey, Authorization: `Bearer ${t.adminToken}` });

export async function userHeaders(t: TestTenant, sub: string, name = 'Uma User') {
  return { 'X-Api-Key': t.apiKey, Authorization: `Bearer ${await t.userToken(sub, name)}` };
}

export const custom = (name: string, priority: number, conditions: unknown, success: unknown[], failure: unknown[] = []) => ({
  type: 'CUSTOM',
  name,
  priority,
  ruleProperties: { conditions, event: { type: name }, priority },
  resultParams: { success, failure },
});
