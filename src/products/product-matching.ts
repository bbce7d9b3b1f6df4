/** Names and aliases match line item descriptions trimmed and case-folded (SPEC section 6). */
export function normalizeDescription(s: string): string {
  return s.trim().toLowerCase();
}

export interface MatchableLineItem {
  productId?: unknown;
  identifier?: unknown;
  description?: unknown;
}
