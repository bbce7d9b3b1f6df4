import { isStringLiteralChar } from '../path/char-classes';
import { RuleProperties } from '../types';

const PRODUCT_IDS_PATH = '$.transaction.lineItems[*].productId';

/**
 * A product id goes inside a quoted filter literal. The grammar has no escapes, so an id with a quote,
 * bracket, parenthesis, `@` or control character is refused instead of escaped.
 */
export function isFilterSafeProductId(productId: string): boolean {
  if (productId.length === 0) return false;
  for (let i = 0; i < productId.length; i++) {
    if (!isStringLiteralChar(productId.charCodeAt(i))) return false;
  }
  return true;
}

/**
 * The runnable form of a BASKET rule, exactly the reference's `pepsi-present` shape (SPEC section 3):
 * the `equal` twin of each `contains` is the reference's own "HACK" for single matches, kept as is.
 */
export function inflateBasketRule(name: string, priority: number, productId: string, unitPrice: number | null): RuleProperties {
  if (!isFilterSafeProductId(productId)) throw new Error('inflateBasketRule: product id is not filter-safe');
  const presence = {
    any: [
      { fact: 'request', operator: 'contains', value: productId, path: PRODUCT_IDS_PATH },
      { fact: 'request', operator: 'equal', value: productId, path: PRODUCT_IDS_PATH },
    ],
  };
  const all: unknown[] = [presence];
  if (unitPrice !== null) {
    const pricePath = `$.transaction.lineItems[?(@.productId==='${productId}')].unitPrice`;
    all.push({
      any: [
        { fact: 'request', operator: 'contains', value: unitPrice, path: pricePath },
        { fact: 'request', operator: 'equal', value: unitPrice, path: pricePath },
      ],
    });
  }
  return { conditions: { all }, event: { type: name }, priority };
}
