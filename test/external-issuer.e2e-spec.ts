import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { KeyLike, SignJWT, exportJWK, generateKeyPair } from 'jose';
import { TenantEntity } from '../src/tenants/tenant.entity';
import { TestApp, TestTenant, createTestApp } from './support/test-app';
import { expectFail } from './support/expect';

describe('external issuer via jwksUrl', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let server: http.Server;
  let jwks: { keys: unknown[] };
  let fetches = 0;
  const ISSUER = 'https://issuer.example.test/';

  beforeAll(async () => {
    t = await createTestApp();
    tenant = await t.createTenant('External');
    server = http.createServer((req, res) => {
      fetches++;
      if (req.url !== '/.well-known/jwks.json') return void res.writeHead(404).end();
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(jwks));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    await t.ds.getRepository(TenantEntity).update(
      { id: tenant.id },
      { authentication: { issuer: ISSUER, jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`, jwks: null, algorithms: ['ES256'], audience: 'loyalty-api' }, updatedAt: new Date() },
    );
  });
  afterAll(async () => {
    server.close();
    await t.close();
  });

  async function keyPair(kid: string) {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const pub = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
    return { pub, privateKey, kid };
  }
  const sign = (k: { privateKey: KeyLike; kid: string }, claims: Record<string, unknown> = { scope: 'openid admin:receipts' }) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: k.kid })
      .setIssuer(ISSUER)
      .setAudience('loyalty-api')
      .setSubject('auth0|123')
      .setExpirationTime('10m')
      .sign(k.privateKey);

  it('verifies through the fetched JWKS, caches it, and refetches once for a rotated key', async () => {
    const first = await keyPair('k1');
    jwks = { keys: [first.pub] };
    const call = (token: string) => t.http.get('/tenant').set('X-Api-Key', tenant.apiKey).set('Authorization', `Bearer ${token}`);

    expect((await call(await sign(first))).status).toBe(200);
    expect((await call(await sign(first))).status).toBe(200);
    expect(fetches).toBe(1);

    // permissions array works as well as scope
    expect((await call(await sign(first, { permissions: ['admin:receipts'] }))).status).toBe(200);
    expectFail(await call(await sign(first, { scope: 'openid' })), 403, 'ForbiddenError');

    const rotated = await keyPair('k2');
    jwks = { keys: [first.pub, rotated.pub] };
    expect((await call(await sign(rotated))).status).toBe(200);
    expect(fetches).toBe(2);

    // an unknown kid within the cool-down does not hammer the issuer
    const stranger = await keyPair('k3');
    expectFail(await call(await sign(stranger)), 401, 'UnauthorizedError');
    expectFail(await call(await sign(stranger)), 401, 'UnauthorizedError');
    expect(fetches).toBe(2);
  });

  it('refuses an RS256 token when the tenant pins ES256', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer(ISSUER).setAudience('loyalty-api').setSubject('x').setExpirationTime('5m').sign(privateKey);
    expectFail(await t.http.get('/tenant').set('X-Api-Key', tenant.apiKey).set('Authorization', `Bearer ${token}`), 401, 'UnauthorizedError');
  });
});

describe('external issuer on a private address with the allowance off', () => {
  it('is refused by the guarded client: 401, and no request reaches the server', async () => {
    let hits = 0;
    const server = http.createServer((_q, s) => {
      hits++;
      s.end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const t = await createTestApp({ allowPrivateNetworkTargets: false });
    try {
      const tenant = await t.createTenant('Private');
      const port = (server.address() as AddressInfo).port;
      await t.ds.getRepository(TenantEntity).update(
        { id: tenant.id },
        { authentication: { issuer: 'https://i.test/', jwksUrl: `http://127.0.0.1:${port}/jwks`, jwks: null, algorithms: ['RS256'] }, updatedAt: new Date() },
      );
      const { privateKey } = await generateKeyPair('RS256');
      const token = await new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid: 'a' }).setIssuer('https://i.test/').setSubject('x').setExpirationTime('5m').sign(privateKey);
      const res = await t.http.get('/tenant').set('X-Api-Key', tenant.apiKey).set('Authorization', `Bearer ${token}`);
      expectFail(res, 401, 'UnauthorizedError');
      expect(res.body.data.message).toBe('The issuer keys could not be fetched');
      expect(hits).toBe(0);
    } finally {
      server.close();
      await t.close();
    }
  });
});
