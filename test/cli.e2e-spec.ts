import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import * as os from 'node:os';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { TestApp, createTestApp } from './support/test-app';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..');

/** Runs the real CLI (TypeScript through ts-node, so `npm test` needs no build) against the test database. */
async function cli(t: TestApp, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [require.resolve('ts-node/dist/bin.js'), '--transpile-only', 'src/cli/main.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...t.db.env, LOG_LEVEL: 'silent' },
      timeout: 60000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('operator CLI', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('creates a tenant, mints admin and user tokens, and the API accepts them', async () => {
    const created = await cli(t, ['tenant', 'create', '--name', 'Corner Shop', '--timezone', 'Europe/London', '--json']);
    expect(created.code).toBe(0);
    const lines = created.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const tenant = JSON.parse(lines[0]);
    expect(Object.keys(tenant).sort()).toEqual(['apiKey', 'id', 'issuer', 'slug']);
    expect(tenant.slug).toBe('corner-shop');

    const admin = await cli(t, ['token', 'mint', '--tenant', tenant.slug, '--sub', 'ops-1', '--admin', '--name', 'Olive Ops', '--ttl', '600']);
    expect(admin.code).toBe(0);
    const adminToken = admin.stdout.trim();
    expect(adminToken.split('.')).toHaveLength(3);
    const payload = JSON.parse(Buffer.from(adminToken.split('.')[1], 'base64url').toString());
    expect(payload).toMatchObject({ sub: 'ops-1', scope: 'admin:receipts', name: 'Olive Ops', iss: tenant.issuer });
    expect(payload.exp - payload.iat).toBe(600);

    const res = await t.http.get('/tenant').set('X-Api-Key', tenant.apiKey).set('Authorization', `Bearer ${adminToken}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id: tenant.id, slug: 'corner-shop', name: 'Corner Shop', configuration: { timezone: 'Europe/London' } });

    const user = await cli(t, ['token', 'mint', '--tenant', tenant.slug, '--sub', 'shopper-9']);
    const userPayload = JSON.parse(Buffer.from(user.stdout.trim().split('.')[1], 'base64url').toString());
    expect(userPayload.scope).toBeUndefined();
    const forbidden = await t.http.get('/tenant').set('X-Api-Key', tenant.apiKey).set('Authorization', `Bearer ${user.stdout.trim()}`);
    expect(forbidden.status).toBe(403);

    // a second tenant with the same name gets its own slug
    const again = await cli(t, ['tenant', 'create', '--name', 'Corner Shop', '--json']);
    expect(JSON.parse(again.stdout).slug).toMatch(/^corner-shop-[0-9a-f]{6}$/);
  }, 120000);

  it('points a tenant at an external issuer: its tokens pass, local tokens and token mint stop working', async () => {
    const created = JSON.parse((await cli(t, ['tenant', 'create', '--name', 'External Auth', '--json'])).stdout);
    const localToken = (await cli(t, ['token', 'mint', '--tenant', created.slug, '--sub', 'a', '--admin'])).stdout.trim();
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'ext-1', alg: 'ES256' }] };
    const server = http.createServer((_q, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(jwks)));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
      const set = await cli(t, ['tenant', 'set-auth', '--tenant', created.slug, '--issuer', 'https://login.example.test/', '--jwks-url', url, '--audience', 'loyalty', '--algorithms', 'ES256']);
      expect(set.code).toBe(0);
      expect(JSON.parse(set.stdout)).toEqual({ issuer: 'https://login.example.test/', jwksUrl: url, keys: null, algorithms: ['ES256'], audience: 'loyalty' });

      const external = await new SignJWT({ scope: 'admin:receipts' })
        .setProtectedHeader({ alg: 'ES256', kid: 'ext-1' })
        .setIssuer('https://login.example.test/')
        .setAudience('loyalty')
        .setSubject('auth0|42')
        .setExpirationTime('5m')
        .sign(privateKey);
      const get = (token: string) => t.http.get('/tenant').set('X-Api-Key', created.apiKey).set('Authorization', `Bearer ${token}`);
      expect((await get(external)).status).toBe(200);
      expect((await get(localToken)).status).toBe(401);
      const mint = await cli(t, ['token', 'mint', '--tenant', created.slug, '--sub', 'a']);
      expect(mint.code).toBe(2);
      expect(mint.stderr).toMatch(/does not use the built-in local issuer/);

      // inline keys from a file work as well
      const file = path.join(os.tmpdir(), `jwks-${process.pid}.json`);
      fs.writeFileSync(file, JSON.stringify(jwks));
      const inline = await cli(t, ['tenant', 'set-auth', '--tenant', created.slug, '--issuer', 'https://login.example.test/', '--jwks-file', file, '--audience', 'loyalty', '--algorithms', 'ES256']);
      expect(JSON.parse(inline.stdout)).toMatchObject({ jwksUrl: null, keys: 1 });
      expect((await get(external)).status).toBe(200);
      fs.rmSync(file);
    } finally {
      server.close();
    }
  }, 120000);

  it.each([
    [['tenant', 'set-auth', '--tenant', 'x', '--issuer', 'i'], /give exactly one of --jwks-url and --jwks-file|No tenant/],
    [['tenant', 'set-auth', '--tenant', 'corner-shop', '--issuer', 'i', '--jwks-url', 'ftp://x/jwks'], /--jwks-url must be http\(s\)/],
    [['tenant', 'set-auth', '--tenant', 'corner-shop', '--issuer', 'i', '--jwks-url', 'https://x/jwks', '--algorithms', 'HS256'], /asymmetric algorithms only/],
    [['tenant', 'set-auth', '--tenant', 'corner-shop', '--issuer', 'i', '--jwks-file', '/nonexistent.json'], /not a readable JSON file/],
    [['tenant', 'create', '--json'], /--name is required/],
    [['tenant', 'create', '--name', 'X', '--timezone', 'Nowhere/Land'], /not an IANA time zone/],
    [['token', 'mint', '--tenant', 'no-such-tenant', '--sub', 'a'], /No tenant with slug "no-such-tenant"/],
    [['token', 'mint', '--tenant', 'x', '--sub', 'a', '--ttl', 'forever'], /--ttl must be a whole number/],
    [['tenant', 'explode'], /unknown command "tenant explode"/],
    [['tenant', 'create', '--name', 'X', '--bogus'], /unknown option --bogus/],
  ])('fails clearly with exit code 2 for %j', async (args, message) => {
    const res = await cli(t, args as string[]);
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(message as RegExp);
    expect(res.stderr).not.toMatch(/at \S+ \(/);
  }, 60000);
});
