/**
 * Deep copy of a value already validated as JSON, so results never share objects with a compiled rule
 * set. Primitives (most params) are returned as they are; objects go through a JSON round trip (native,
 * and JSON.parse defines `__proto__` keys as own properties). Not structuredClone: that builds objects
 * in the host realm, which differs from the caller's under Jest's vm sandbox.
 */
export function copyJson<T>(value: T): T {
  return value !== null && typeof value === 'object' ? (JSON.parse(JSON.stringify(value)) as T) : value;
}
