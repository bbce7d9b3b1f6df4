/** The SPEC's fail envelope, with no stack, SQL or driver text anywhere in it. */
export function expectFail(res: { status: number; body: unknown }, status: number, name: string): void {
  expect({ status: res.status, body: res.body }).toMatchObject({ status, body: { status: 'fail', data: { name, httpCode: status } } });
  expect(typeof (res.body as { data: { message: unknown } }).data.message).toBe('string');
  expect(JSON.stringify(res.body)).not.toMatch(/at \S+ \(|node_modules|SELECT |INSERT |UPDATE |SQLITE_|QueryFailed/);
}

export function fieldPaths(res: { body: unknown }): string[] {
  return ((res.body as { data: { errors?: Array<{ path: string }> } }).data.errors ?? []).map((e) => e.path);
}
