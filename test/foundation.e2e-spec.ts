import { SignJWT, generateKeyPair, importJWK } from 'jose';
import { TenantEntity } from '../src/tenants/tenant.entity';
import { TenantSigningKeyEntity } from '../src/tenants/tenant-signing-key.entity';
import { TestApp, TestTenant, createTestApp } from './support/test-app';

function expectFail(res: { status: number; body: unknown }, status: number, name: string) {
  expect(res.status).toBe(status);
  expect(res.body).toMatchObject({ status: 'fail', data: { name, httpCode: status } });
  expect(typeof (res.body as { data: { message: unknown } }).data.message).toBe('string');
  expect(JSON.stringify(res.body)).not.toMatch(/at \S+ \(|node_modules|SELECT |INSERT /);
}

describe('foundation: envelopes, auth, operations', () => {
  let t: TestApp;
  let acme: TestTenant;
  let other: TestTenant;

  beforeAll(async () => {
    t = await createTestApp();
    acme = await t.createTenant('Acme Stores');
    other = await t.createTenant('Other Co');
  });
  afterAll(async () => t.close());

  describe('operations', () => {
    it('serves liveness and readiness in the success envelope without x-powered-by', async () => {
      const live = await t.http.get('/health');
      expect(live.status).toBe(200);
      expect(live.body).toEqual({ status: 'success', data: { status: 'ok' } });
      expect(live.headers['x-powered-by']).toBeUndefined();
      expect(live.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const ready = await t.http.get('/health/ready');
      expect(ready.body).toEqual({ status: 'success', data: { status: 'ok', database: 'ok' } });
    });

    it('echoes a well-formed X-Request-Id and replaces a hostile one', async () => {
      expect((await t.http.get('/health').set('X-Request-Id', 'abc-123')).headers['x-request-id']).toBe('abc-123');
      expect((await t.http.get('/health').set('X-Request-Id', 'x'.repeat(500))).headers['x-request-id']).not.toBe('x'.repeat(500));
    });

    it('exposes Prometheus metrics labelled by route template', async () => {
      await t.http.get('/tenant').set('X-Api-Key', acme.apiKey).set('Authorization', `Bearer ${acme.adminToken}`);
      const res = await t.http.get('/metrics');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.text).toMatch(/http_requests_total\{method="GET",route="\/tenant",status="200"\} \d+/);
      expect(res.text).toContain('process_cpu_user_seconds_total');
    });

    it('publishes OpenAPI with the API-key and bearer security schemes', async () => {
      const json = await t.http.get('/docs-json');
      expect(json.status).toBe(200);
      expect(json.body.components.securitySchemes).toEqual({
        apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      });
      expect(Object.keys(json.body.paths)).toEqual(expect.arrayContaining(['/tenant', '/tenant/configuration']));
      const ui = await t.http.get('/docs');
      expect(ui.status).toBe(200);
      expect(ui.text).toContain('swagger');
    });
  });

  describe('envelopes for failures', () => {
    it('answers unknown routes with a NotFoundError envelope', async () => {
      expectFail(await t.http.get('/no/such/route'), 404, 'NotFoundError');
      expectFail(await t.http.post('/nothing-here').send({ a: 1 }), 404, 'NotFoundError');
    });

    const admin = () => ({ 'X-Api-Key': acme.apiKey, Authorization: `Bearer ${acme.adminToken}` });

    it('answers malformed JSON with 400', async () => {
      const res = await t.http.patch('/tenant/configuration').set(admin()).set('Content-Type', 'application/json').send('{"timezone": ');
      expectFail(res, 400, 'BadRequestError');
      expect(res.body.data.message).toBe('The request body is not valid JSON');
    });

    it('answers a body over 1 MB with 413', async () => {
      const res = await t.http
        .patch('/tenant/configuration')
        .set(admin())
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ timezone: 'x'.repeat(1024 * 1024 + 10) }));
      expectFail(res, 413, 'PayloadTooLargeError');
    });

    it('refuses JSON nested deeper than 32 levels and __proto__ keys', async () => {
      let deep: unknown = 1;
      for (let i = 0; i < 40; i++) deep = { a: deep };
      expectFail(await t.http.patch('/tenant/configuration').set(admin()).send({ review: deep }), 400, 'BadRequestError');
      const proto = await t.http
        .patch('/tenant/configuration')
        .set(admin())
        .set('Content-Type', 'application/json')
        .send('{"__proto__": {"isAdmin": true}}');
      expectFail(proto, 400, 'BadRequestError');
    });

    it('refuses unknown body properties with a field error, storing nothing', async () => {
      const res = await t.http.patch('/tenant/configuration').set(admin()).send({ timezone: 'Europe/Paris', colour: 'red' });
      expectFail(res, 400, 'BadRequestError');
      expect(res.body.data.errors).toEqual([{ path: 'colour', message: 'property colour is not allowed' }]);
      const after = await t.http.get('/tenant').set(admin());
      expect(after.body.data.configuration.timezone).toBe('UTC');
    });
  });

  describe('authentication', () => {
    const tenantGet = () => t.http.get('/tenant');

    it('needs an API key: missing or unknown is 403 InvalidApiKeyError', async () => {
      expectFail(await tenantGet(), 403, 'InvalidApiKeyError');
      expectFail(await tenantGet().set('X-Api-Key', 'rk_not-a-real-key'), 403, 'InvalidApiKeyError');
      expectFail(await tenantGet().set('X-Api-Key', ''), 403, 'InvalidApiKeyError');
    });

    it('needs a bearer token: missing, garbage or non-bearer is 401', async () => {
      expectFail(await tenantGet().set('X-Api-Key', acme.apiKey), 401, 'UnauthorizedError');
      expectFail(await tenantGet().set('X-Api-Key', acme.apiKey).set('Authorization', 'Bearer garbage'), 401, 'UnauthorizedError');
      expectFail(await tenantGet().set('X-Api-Key', acme.apiKey).set('Authorization', 'Bearer a.b.c'), 401, 'UnauthorizedError');
      expectFail(await tenantGet().set('X-Api-Key', acme.apiKey).set('Authorization', `Basic ${acme.adminToken}`), 401, 'UnauthorizedError');
    });

    it('refuses a token whose signature was tampered with', async () => {
      const [h, p, s] = acme.adminToken.split('.');
      const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
      payload.sub = 'someone-else';
      const forged = [h, Buffer.from(JSON.stringify(payload)).toString('base64url'), s].join('.');
      expectFail(await tenantGet().set('X-Api-Key', acme.apiKey).set('Authorization', `Bearer ${forged}`), 401, 'UnauthorizedError');
      const flipped = `${h}.${p}.${s.slice(0, -4)}${s.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
      expectFail(await tenantGet().set('X-Api-Key', acme.apiKey).set('Authorization', `Bearer ${flipped}`), 401, 'UnauthorizedError');
    });

    it('refuses alg none and an HMAC token keyed with the public key', async () => {
      const [, p] = acme.adminToken.split('.');
      const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${p}.`;
      expectFail(await tenantGet().set('X-Api-Key', acme.apiKey).set('Authorization', `Bearer ${none}`), 401, 'UnauthorizedError');

      const tenant = await t.ds.getRepository(TenantEntity).findOneByOrFail({ id: acme.id });
      const publicJwk = tenant.authentication.jwks!.keys[0];
      const hs = await new SignJWT({ scope: 'admin:receipts' })
        .setProtectedHeader({ alg: 'HS256', kid: publicJwk.kid })
        .setIssuer(acme.issuer)
        .setAudience(t.config.localAudience)
        .setSubject('attacker')
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode(JSON.stringify(publicJwk)));
      expectFail(await tenantGet().set('X-Api-Key', acme.apiKey).set('Authorization', `Bearer ${hs}`), 401, 'UnauthorizedError');
    });

    it('refuses an expired token with a message saying so', async () => {
      const key = await t.ds.getRepository(TenantSigningKeyEntity).findOneByOrFail({ tenantId: acme.id });
      const expired = await new SignJWT({ scope: 'admin:receipts' })
        .setProtectedHeader({ alg: 'RS256', kid: key.kid })
        .setIssuer(acme.issuer)
        .setAudience(t.config.localAudience)
        .setSubject('u1')
        .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
        .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
        .sign(await importJWK(key.privateJwk, 'RS256'));
      const res = await tenantGet().set('X-Api-Key', acme.apiKey).set('Authorization', `Bearer ${expired}`);
      expectFail(res, 401, 'UnauthorizedError');
      expect(res.body.data.message).toBe('The token has expired');
    });

    it('refuses a foreign signing key, a token without exp, a wrong audience and a wrong issuer', async () => {
      const key = await t.ds.getRepository(TenantSigningKeyEntity).findOneByOrFail({ tenantId: acme.id });
      const realKey = await importJWK(key.privateJwk, 'RS256');
      const { privateKey: foreignKey } = await generateKeyPair('RS256');
      const claims = () => new SignJWT({ scope: 'admin:receipts' }).setProtectedHeader({ alg: 'RS256', kid: key.kid }).setSubject('x').setIssuedAt();
      const call = (token: string) => tenantGet().set('X-Api-Key', acme.apiKey).set('Authorization', `Bearer ${token}`);

      // control: the real key with every claim right is accepted, so each refusal below is about one claim
      const good = await claims().setIssuer(acme.issuer).setAudience(t.config.localAudience).setExpirationTime('1h').sign(realKey);
      expect((await call(good)).status).toBe(200);

      const foreign = await claims().setIssuer(acme.issuer).setAudience(t.config.localAudience).setExpirationTime('1h').sign(foreignKey);
      expectFail(await call(foreign), 401, 'UnauthorizedError');
      const noExp = await claims().setIssuer(acme.issuer).setAudience(t.config.localAudience).sign(realKey);
      expectFail(await call(noExp), 401, 'UnauthorizedError');
      const wrongAud = await claims().setIssuer(acme.issuer).setAudience('someone-else').setExpirationTime('1h').sign(realKey);
      expectFail(await call(wrongAud), 401, 'UnauthorizedError');
      const wrongIss = await claims().setIssuer(other.issuer).setAudience(t.config.localAudience).setExpirationTime('1h').sign(realKey);
      expectFail(await call(wrongIss), 401, 'UnauthorizedError');
    });

    it("refuses another tenant's token presented with this tenant's key", async () => {
      const res = await tenantGet().set('X-Api-Key', acme.apiKey).set('Authorization', `Bearer ${other.adminToken}`);
      expectFail(res, 401, 'UnauthorizedError');
    });

    it('refuses a user token on an admin route with 403 ForbiddenError', async () => {
      const user = await acme.userToken('user-7', 'Uma User');
      expectFail(await tenantGet().set('X-Api-Key', acme.apiKey).set('Authorization', `Bearer ${user}`), 403, 'ForbiddenError');
    });

    it('serves the tenant to its admin without any secret', async () => {
      const res = await tenantGet().set('X-Api-Key', acme.apiKey).set('Authorization', `Bearer ${acme.adminToken}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        status: 'success',
        data: {
          id: acme.id,
          name: 'Acme Stores',
          slug: acme.slug,
          configuration: {
            timezone: 'UTC',
            review: { maxReceiptAgeDays: 30, minOcrConfidence: 0.5, maxPerUserPerFormatPerDay: null, maxPerUserPerMerchantPerDay: null, spotCheckRate: 0 },
          },
        },
      });
      expect(res.text).not.toContain(acme.apiKey);
    });
  });

  describe('tenant configuration', () => {
    const admin = () => ({ 'X-Api-Key': other.apiKey, Authorization: `Bearer ${other.adminToken}` });

    it('merges a partial update and keeps earlier fields', async () => {
      const first = await t.http.patch('/tenant/configuration').set(admin()).send({ timezone: 'Europe/London', review: { maxReceiptAgeDays: 14 } });
      expect(first.status).toBe(200);
      const second = await t.http.patch('/tenant/configuration').set(admin()).send({ review: { spotCheckRate: 0.25, maxPerUserPerFormatPerDay: 3 } });
      expect(second.body.data.configuration).toEqual({
        timezone: 'Europe/London',
        review: { maxReceiptAgeDays: 14, minOcrConfidence: 0.5, maxPerUserPerFormatPerDay: 3, maxPerUserPerMerchantPerDay: null, spotCheckRate: 0.25 },
      });
      const back = await t.http.patch('/tenant/configuration').set(admin()).send({ review: { maxPerUserPerFormatPerDay: null } });
      expect(back.body.data.configuration.review.maxPerUserPerFormatPerDay).toBeNull();
      // the other tenant is untouched
      const acmeView = await t.http.get('/tenant').set('X-Api-Key', acme.apiKey).set('Authorization', `Bearer ${acme.adminToken}`);
      expect(acmeView.body.data.configuration.timezone).toBe('UTC');
    });

    it.each([
      [{ timezone: 'Mars/Olympus' }, 'timezone'],
      [{ review: { minOcrConfidence: 2 } }, 'review.minOcrConfidence'],
      [{ review: { maxReceiptAgeDays: 0 } }, 'review.maxReceiptAgeDays'],
      [{ review: { spotCheckRate: 'half' } }, 'review.spotCheckRate'],
      [{ review: { bogus: 1 } }, 'review.bogus'],
      [{ review: 'strict' }, 'review'],
    ])('refuses %j with a field error at %s', async (body, path) => {
      const res = await t.http.patch('/tenant/configuration').set(admin()).send(body);
      expectFail(res, 400, 'BadRequestError');
      expect(res.body.data.errors.map((e: { path: string }) => e.path)).toContain(path);
    });

    it('needs an admin token', async () => {
      const user = await other.userToken('u-1');
      expectFail(await t.http.patch('/tenant/configuration').set('X-Api-Key', other.apiKey).set('Authorization', `Bearer ${user}`).send({}), 403, 'ForbiddenError');
    });
  });
});

describe('foundation: database down', () => {
  it('answers readiness and authenticated routes with 503, never 500, when the database is gone', async () => {
    const t = await createTestApp();
    try {
      const tenant = await t.createTenant('Soon offline');
      await t.ds.destroy();
      const authed = await t.http.get('/tenant').set('X-Api-Key', tenant.apiKey).set('Authorization', `Bearer ${tenant.adminToken}`);
      expect(authed.status).toBe(503);
      expect(authed.body).toEqual({
        status: 'fail',
        data: { name: 'ServiceUnavailableError', httpCode: 503, message: 'The database is temporarily unavailable; try again shortly' },
      });
      const res = await t.http.get('/health/ready');
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ status: 'fail', data: { name: 'ServiceUnavailableError', httpCode: 503 } });
      expect((await t.http.get('/health')).status).toBe(200);
    } finally {
      await t.db.drop();
      await t.app.close().catch(() => undefined);
    }
  });
});
