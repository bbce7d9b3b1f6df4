import { jsonDepthExceeds } from './body-parsing';

describe('jsonDepthExceeds', () => {
  const nest = (n: number) => {
    let v: unknown = 'leaf';
    for (let i = 0; i < n; i++) v = i % 2 ? { a: v } : [v];
    return v;
  };
  it('accepts exactly the limit and refuses one more', () => {
    expect(jsonDepthExceeds(nest(32), 32)).toBe(false);
    expect(jsonDepthExceeds(nest(33), 32)).toBe(true);
  });
  it('handles scalars and a 100,000-deep value without recursion', () => {
    expect(jsonDepthExceeds(5, 32)).toBe(false);
    expect(jsonDepthExceeds(nest(100000), 32)).toBe(true);
  });
});
