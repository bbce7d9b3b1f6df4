import { TestApp, TestTenant, createTestApp } from './support/test-app';
import { expectFail, fieldPaths } from './support/expect';
import { ProductsService } from '../src/products/products.service';

describe('venues and products (admin CRUD)', () => {
  let t: TestApp;
  let acme: TestTenant;
  let rival: TestTenant;
  const as = (tenant: TestTenant) => ({ 'X-Api-Key': tenant.apiKey, Authorization: `Bearer ${tenant.adminToken}` });

  beforeAll(async () => {
    t = await createTestApp();
    acme = await t.createTenant('Acme');
    rival = await t.createTenant('Rival');
  });
  afterAll(async () => t.close());

  describe('venues', () => {
    it('creates, reads, lists, updates and deletes a venue', async () => {
      const created = await t.http
        .post('/venues')
        .set(as(acme))
        .send({ name: 'Soho', locationIdentifiers: ['SOHO-1', 'SOHO-2'], position: { latitude: 51.5136, longitude: -0.1365 }, radiusMeters: 150, address: '1 Dean St' });
      expect(created.status).toBe(201);
      const v = created.body.data;
      expect(v).toMatchObject({ name: 'Soho', locationIdentifiers: ['SOHO-1', 'SOHO-2'], position: { latitude: 51.5136, longitude: -0.1365 }, radiusMeters: 150, address: '1 Dean St' });
      expect(v.id).toMatch(/^[0-9a-f-]{36}$/);

      expect((await t.http.get(`/venues/${v.id}`).set(as(acme))).body.data).toEqual(v);
      expect((await t.http.get('/venues').set(as(acme))).body.data.map((x: { id: string }) => x.id)).toEqual([v.id]);

      const patched = await t.http.patch(`/venues/${v.id}`).set(as(acme)).send({ name: 'Soho Square', position: null, radiusMeters: null });
      expect(patched.status).toBe(200);
      expect(patched.body.data).toMatchObject({ name: 'Soho Square', position: null, radiusMeters: null, locationIdentifiers: ['SOHO-1', 'SOHO-2'] });

      expect((await t.http.delete(`/venues/${v.id}`).set(as(acme))).status).toBe(204);
      expectFail(await t.http.get(`/venues/${v.id}`).set(as(acme)), 404, 'NotFoundError');
    });

    it.each([
      [{ locationIdentifiers: [] }, 'name'],
      [{ name: 'x', locationIdentifiers: 'L1' }, 'locationIdentifiers'],
      [{ name: 'x', locationIdentifiers: ['a', 'a'] }, 'locationIdentifiers'],
      [{ name: 'x', locationIdentifiers: [], position: { latitude: 95, longitude: 0 } }, 'position.latitude'],
      [{ name: 'x', locationIdentifiers: [], radiusMeters: -5, position: { latitude: 1, longitude: 1 } }, 'radiusMeters'],
      [{ name: 'x', locationIdentifiers: [], radiusMeters: 50 }, 'radiusMeters'],
      [{ name: 'x', locationIdentifiers: [], owner: 'me' }, 'owner'],
    ])('refuses %j naming %s', async (body, path) => {
      const res = await t.http.post('/venues').set(as(acme)).send(body);
      expectFail(res, 400, 'BadRequestError');
      expect(fieldPaths(res)).toContain(path);
    });

    it("gives 404 for another tenant's venue on every verb, and leaves it untouched", async () => {
      const mine = (await t.http.post('/venues').set(as(acme)).send({ name: 'Mine', locationIdentifiers: ['M'] })).body.data;
      expectFail(await t.http.get(`/venues/${mine.id}`).set(as(rival)), 404, 'NotFoundError');
      expectFail(await t.http.patch(`/venues/${mine.id}`).set(as(rival)).send({ name: 'Stolen' }), 404, 'NotFoundError');
      expectFail(await t.http.delete(`/venues/${mine.id}`).set(as(rival)), 404, 'NotFoundError');
      expect((await t.http.get('/venues').set(as(rival))).body.data).toEqual([]);
      expect((await t.http.get(`/venues/${mine.id}`).set(as(acme))).body.data.name).toBe('Mine');
    });

    it('needs an admin token', async () => {
      const user = await acme.userToken('u1');
      expectFail(await t.http.get('/venues').set('X-Api-Key', acme.apiKey).set('Authorization', `Bearer ${user}`), 403, 'ForbiddenError');
    });
  });

  describe('products', () => {
    it('creates, updates and deletes a product, and rematches keys on update', async () => {
      const created = await t.http.post('/products').set(as(acme)).send({ name: 'Pepsi 330ml', identifiers: ['5000112637922'], aliases: ['PEPSI CAN'], price: 1.25 });
      expect(created.status).toBe(201);
      const p = created.body.data;
      expect(p).toMatchObject({ name: 'Pepsi 330ml', identifiers: ['5000112637922'], aliases: ['PEPSI CAN'], price: 1.25 });

      const patched = await t.http.patch(`/products/${p.id}`).set(as(acme)).send({ identifiers: ['X-1'], price: null });
      expect(patched.body.data).toMatchObject({ identifiers: ['X-1'], price: null, aliases: ['PEPSI CAN'] });
      // the old identifier is free again
      const reuse = await t.http.post('/products').set(as(acme)).send({ name: 'Other', identifiers: ['5000112637922'] });
      expect(reuse.status).toBe(201);

      expect((await t.http.delete(`/products/${p.id}`).set(as(acme))).status).toBe(204);
      expectFail(await t.http.get(`/products/${p.id}`).set(as(acme)), 404, 'NotFoundError');
    });

    it('refuses an identifier, name or alias another product of the tenant already has (409), but not across tenants', async () => {
      await t.http.post('/products').set(as(acme)).send({ name: 'Prawns', identifiers: ['PRW-1'], aliases: ['King Prawns'] });
      expectFail(await t.http.post('/products').set(as(acme)).send({ name: 'Prawns 2', identifiers: ['PRW-1'] }), 409, 'ConflictError');
      expectFail(await t.http.post('/products').set(as(acme)).send({ name: '  KING PRAWNS ' }), 409, 'ConflictError');
      expect((await t.http.post('/products').set(as(rival)).send({ name: 'Prawns', identifiers: ['PRW-1'] })).status).toBe(201);
      const names = (await t.http.get('/products').set(as(acme))).body.data.map((p: { name: string }) => p.name);
      expect(names.filter((n: string) => n.startsWith('Prawns'))).toEqual(['Prawns']);
    });

    it.each([
      [{ identifiers: ['a'] }, 'name'],
      [{ name: 'x', price: -1 }, 'price'],
      [{ name: 'x', price: 'cheap' }, 'price'],
      [{ name: 'x', aliases: [''] }, 'aliases'],
      [{ name: 'x', identifiers: Array.from({ length: 101 }, (_, i) => `id${i}`) }, 'identifiers'],
    ])('refuses %j naming %s', async (body, path) => {
      const res = await t.http.post('/products').set(as(acme)).send(body);
      expectFail(res, 400, 'BadRequestError');
      expect(fieldPaths(res)).toContain(path);
    });

    it('creates 20 products concurrently (each its own transaction) without a single failure', async () => {
      // Straight to the service: HTTP staggers requests enough to hide interleaved transactions.
      const products = t.app.get(ProductsService);
      const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => products.create(rival.id, { name: `Concurrent ${i}`, identifiers: [`C-${i}`] })));
      expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
      const names = (await t.http.get('/products').set(as(rival))).body.data.map((p: { name: string }) => p.name);
      expect(names.filter((n: string) => n.startsWith('Concurrent')).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `Concurrent ${i}`).sort());
    });

    it("gives 404 for another tenant's product", async () => {
      const mine = (await t.http.post('/products').set(as(acme)).send({ name: 'Secret Sauce' })).body.data;
      expectFail(await t.http.get(`/products/${mine.id}`).set(as(rival)), 404, 'NotFoundError');
      expectFail(await t.http.patch(`/products/${mine.id}`).set(as(rival)).send({ price: 0 }), 404, 'NotFoundError');
      expectFail(await t.http.delete(`/products/${mine.id}`).set(as(rival)), 404, 'NotFoundError');
      expect((await t.http.get(`/products/${mine.id}`).set(as(acme))).body.data.price).toBeNull();
    });
  });
});
