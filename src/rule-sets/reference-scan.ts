/**
 * The venue and product ids that raw (not yet validated) rule definitions name, so their existence
 * can be looked up before the engine validates them. Tolerant of any shape; bounded by the same
 * limits the engine enforces (deeper or larger input is refused there anyway).
 */
export function scanReferences(raw: unknown): { venueIds: string[]; productIds: string[] } {
  const venueIds = new Set<string>();
  const productIds = new Set<string>();
  if (!Array.isArray(raw)) return { venueIds: [], productIds: [] };
  for (const def of raw.slice(0, 500)) {
    const d = def as { type?: unknown; configuration?: { productId?: unknown }; ruleProperties?: { conditions?: unknown } };
    if (d?.type === 'BASKET' && typeof d.configuration?.productId === 'string') productIds.add(d.configuration.productId);
    const stack: Array<[unknown, number]> = [[d?.ruleProperties?.conditions, 0]];
    let visited = 0;
    while (stack.length && visited++ < 5000) {
      const [node, depth] = stack.pop()!;
      if (!node || typeof node !== 'object' || depth > 40) continue;
      const n = node as { operator?: unknown; value?: unknown };
      if (n.operator === 'venueMatches') {
        for (const v of Array.isArray(n.value) ? n.value : [n.value]) if (typeof v === 'string' && v.length <= 64) venueIds.add(v);
      }
      for (const child of Array.isArray(node) ? node : Object.values(node)) stack.push([child, depth + 1]);
    }
  }
  return { venueIds: [...venueIds], productIds: [...productIds] };
}
