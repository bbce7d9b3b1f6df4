import { createHmac } from 'node:crypto';
import { retryDelayMs } from './backoff';
import { signWebhook, verifyWebhookSignature } from './webhook-signature';

describe('webhook signature', () => {
  const body = JSON.stringify({ id: 'e1', type: 'ORDER_PLACED' });

  it('is t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>', () => {
    const expected = createHmac('sha256', 'whsec_test').update(`1700000000.${body}`).digest('hex');
    expect(signWebhook('whsec_test', body, 1700000000)).toBe(`t=1700000000,v1=${expected}`);
  });

  it('verifies, and refuses another secret, a changed body, a stale timestamp or garbage', () => {
    const header = signWebhook('s3cret', body, 1700000000);
    expect(verifyWebhookSignature('s3cret', body, header)).toBe(true);
    expect(verifyWebhookSignature('other', body, header)).toBe(false);
    expect(verifyWebhookSignature('s3cret', `${body} `, header)).toBe(false);
    expect(verifyWebhookSignature('s3cret', body, header, { nowSeconds: 1700000400, toleranceSeconds: 300 })).toBe(false);
    expect(verifyWebhookSignature('s3cret', body, 'v1=zz')).toBe(false);
  });
});

describe('retryDelayMs', () => {
  it('doubles from the base, stays within [half, full] of it, and is capped', () => {
    expect(retryDelayMs(1, 1000, 60000, () => 0)).toBe(500);
    expect(retryDelayMs(1, 1000, 60000, () => 1)).toBe(1000);
    expect(retryDelayMs(4, 1000, 60000, () => 1)).toBe(8000);
    expect(retryDelayMs(30, 1000, 60000, () => 1)).toBe(60000);
    expect(retryDelayMs(1000, 1000, 60000, () => 0.5)).toBe(45000);
  });
});
