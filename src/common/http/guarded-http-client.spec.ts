// `import x = require()` gives the module objects themselves, which jest.spyOn can replace methods on
import dns = require('dns');
import http = require('http');
import https = require('https');
import net = require('net');
import type { AddressInfo } from 'net';
import {
  GuardedHttpClient,
  OutboundRequestFailedError,
  OutboundRequestRefusedError,
  type GuardedRequest,
  type ResolvedAddress,
} from './guarded-http-client';
import { refusalReason } from './address-policy';

/**
 * Real HTTP servers on 127.0.0.1 (ephemeral ports). No traffic ever goes to a non-loopback address:
 * every such case must be refused before a request object is even created, which the spies prove.
 */

let server: http.Server;
let base: string;
let port: number;
let silent: net.Server; // accepts connections and never answers
let silentPort: number;
const silentSockets = new Set<net.Socket>();

function handler(req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  const q = (name: string) => url.searchParams.get(name) ?? '';
  switch (url.pathname) {
    case '/ok':
      res.setHeader('x-seen-host', req.headers.host ?? '');
      res.end('hello');
      return;
    case '/echo': {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            method: req.method,
            body: Buffer.concat(chunks).toString(),
            host: req.headers.host,
            authorization: req.headers.authorization ?? null,
            contentType: req.headers['content-type'] ?? null,
          }),
        );
      });
      return;
    }
    case '/redirect':
      res.writeHead(Number(q('status') || 302), { location: q('to') });
      res.end();
      return;
    case '/loop':
      res.writeHead(302, { location: '/loop' });
      res.end();
      return;
    case '/no-location':
      res.writeHead(302);
      res.end('no location');
      return;
    case '/bytes': {
      const n = Number(q('n'));
      if (q('chunked')) {
        // no Content-Length: the cap must be enforced while streaming
        const chunk = Buffer.alloc(64 * 1024, 'a');
        let sent = 0;
        const pump = () => {
          while (sent < n) {
            const part = chunk.subarray(0, Math.min(chunk.length, n - sent));
            sent += part.length;
            if (!res.write(part)) return void res.once('drain', pump);
          }
          res.end();
        };
        pump();
      } else {
        res.setHeader('content-length', String(n));
        res.write(Buffer.alloc(Math.min(n, 1000), 'b')); // declares n, sends little: must not wait for the rest
        if (n <= 1000) res.end();
      }
      return;
    }
    case '/slow-body':
      res.writeHead(200, { 'content-length': '1000' });
      res.write('x');
      return; // the rest never comes
    default:
      res.writeHead(404);
      res.end();
  }
}

beforeAll(async () => {
  server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  silent = net.createServer((s) => {
    silentSockets.add(s);
    s.on('close', () => silentSockets.delete(s));
  });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  silentPort = (silent.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  for (const s of silentSockets) s.destroy();
  await new Promise((r) => server.close(r));
  await new Promise((r) => silent.close(r));
});

afterEach(() => jest.restoreAllMocks());

/** A resolver for made-up names; anything else is an error (so no real DNS leaves the machine). */
function fakeResolver(table: Record<string, string[]>) {
  const calls: string[] = [];
  const resolve = async (host: string): Promise<ResolvedAddress[]> => {
    calls.push(host);
    const list = table[host];
    if (!list) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return list.map((address) => ({ address, family: net.isIP(address) }));
  };
  return { resolve, calls };
}

function spyRequests() {
  return [jest.spyOn(http, 'request'), jest.spyOn(https, 'request')] as const;
}

async function refusal(client: GuardedHttpClient, req: GuardedRequest): Promise<string> {
  const err = await client.request(req).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof OutboundRequestRefusedError)) throw new Error(`expected a refusal, got ${String(err)}`);
  expect(err.code).toBe('BAD_REQUEST');
  return err.message;
}

const open = new GuardedHttpClient({ allowPrivateNetworkTargets: true });
const strict = new GuardedHttpClient({ allowPrivateNetworkTargets: false });

describe('GuardedHttpClient with allowPrivateNetworkTargets', () => {
  it('fetches from a loopback server', async () => {
    const res = await open.request({ url: `${base}/ok` });
    expect(res).toMatchObject({ status: 200, url: `${base}/ok` });
    expect(res.body.toString()).toBe('hello');
    expect(res.headers['x-seen-host']).toBe(`127.0.0.1:${port}`);
  });

  it('fetches from an IPv6 loopback literal with a bracketed Host header', async () => {
    const v6 = http.createServer((req, res) => res.end(req.headers.host));
    const listening = await new Promise<boolean>((resolve) => {
      v6.once('error', () => resolve(false));
      v6.listen(0, '::1', () => resolve(true));
    });
    if (!listening) return console.warn('skipped: no IPv6 loopback on this machine');
    try {
      const v6port = (v6.address() as AddressInfo).port;
      const res = await open.request({ url: `http://[::1]:${v6port}/` });
      expect(res.body.toString()).toBe(`[::1]:${v6port}`);
    } finally {
      v6.closeAllConnections();
      await new Promise((r) => v6.close(r));
    }
  });

  it('POSTs a body', async () => {
    const res = await open.request({ url: `${base}/echo`, method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } });
    expect(JSON.parse(res.body.toString())).toMatchObject({ method: 'POST', body: '{"a":1}', contentType: 'application/json' });
  });

  it('pins the checked address: one resolution, no second DNS lookup, Host stays the name', async () => {
    const { resolve, calls } = fakeResolver({ 'pinned.test': ['127.0.0.1'] });
    const lookups = [jest.spyOn(dns, 'lookup'), jest.spyOn(dns.promises, 'lookup')];
    const client = new GuardedHttpClient({ allowPrivateNetworkTargets: true, resolve });
    // pinned.test exists in no real DNS: without the pin the connection would fail with ENOTFOUND
    const res = await client.request({ url: `http://pinned.test:${port}/ok` });
    expect(res.headers['x-seen-host']).toBe(`pinned.test:${port}`);
    expect(calls).toEqual(['pinned.test']);
    for (const lookup of lookups) expect(lookup).not.toHaveBeenCalled();
  });

  it('still refuses link-local, metadata and unspecified targets', async () => {
    const [httpSpy] = spyRequests();
    expect(await refusal(open, { url: 'http://169.254.169.254/latest/meta-data/' })).toBe(
      'Outbound request refused: target 169.254.169.254 is not allowed (cloud metadata address)',
    );
    expect(await refusal(open, { url: 'http://169.254.1.1/' })).toBe('Outbound request refused: target 169.254.1.1 is not allowed (linkLocal address)');
    expect(await refusal(open, { url: 'http://[fd00:ec2::254]/' })).toMatch(/cloud metadata address/);
    expect(await refusal(open, { url: 'http://100.100.100.200/' })).toMatch(/cloud metadata address/);
    expect(await refusal(open, { url: `http://0.0.0.0:${port}/ok` })).toBe('Outbound request refused: target 0.0.0.0 is not allowed (unspecified address)');
    const { resolve } = fakeResolver({ 'metadata.google.internal': ['169.254.169.254'] });
    const client = new GuardedHttpClient({ allowPrivateNetworkTargets: true, resolve });
    expect(await refusal(client, { url: 'http://metadata.google.internal/' })).toBe(
      'Outbound request refused: the host resolves to a disallowed address (cloud metadata address)',
    );
    expect(httpSpy).not.toHaveBeenCalled();
  });

  it('reports connection failures as OutboundRequestFailedError', async () => {
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const err = await open.request({ url: `http://127.0.0.1:${closedPort}/` }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutboundRequestFailedError);
    expect((err as Error).message).toBe('Outbound request failed: connection refused');
    const { resolve } = fakeResolver({});
    const unresolvable = await new GuardedHttpClient({ allowPrivateNetworkTargets: true, resolve })
      .request({ url: 'http://nowhere.test/' })
      .catch((e: unknown) => e);
    expect((unresolvable as Error).message).toBe('Outbound request failed: could not resolve the host');
  });
});

describe('GuardedHttpClient without allowPrivateNetworkTargets', () => {
  it.each([
    [`http://127.0.0.1:PORT/ok`, 'target 127.0.0.1 is not allowed (loopback address)'],
    [`http://[::1]:PORT/ok`, 'target ::1 is not allowed (loopback address)'],
    ['http://10.0.0.1/', 'target 10.0.0.1 is not allowed (private address)'],
    ['http://172.16.5.4/', 'target 172.16.5.4 is not allowed (private address)'],
    ['http://192.168.1.1/', 'target 192.168.1.1 is not allowed (private address)'],
    ['http://100.64.0.1/', 'target 100.64.0.1 is not allowed (carrierGradeNat address)'],
    ['http://169.254.169.254/latest/meta-data/', 'target 169.254.169.254 is not allowed (cloud metadata address)'],
    ['http://[::ffff:169.254.169.254]/', 'target ::ffff:a9fe:a9fe is not allowed (cloud metadata address)'],
    ['http://[::ffff:127.0.0.1]:PORT/ok', 'target ::ffff:7f00:1 is not allowed (loopback address)'],
    ['http://[::ffff:10.0.0.1]/', 'target ::ffff:a00:1 is not allowed (private address)'],
    ['http://0.0.0.0:PORT/ok', 'target 0.0.0.0 is not allowed (unspecified address)'],
    ['http://0:PORT/ok', 'target 0.0.0.0 is not allowed (unspecified address)'],
    ['http://[::]:PORT/ok', 'target :: is not allowed (unspecified address)'],
    ['http://2130706433:PORT/ok', 'target 127.0.0.1 is not allowed (loopback address)'],
    ['http://0x7f000001:PORT/ok', 'target 127.0.0.1 is not allowed (loopback address)'],
    ['http://0x7f.1:PORT/ok', 'target 127.0.0.1 is not allowed (loopback address)'],
    ['http://017700000001:PORT/ok', 'target 127.0.0.1 is not allowed (loopback address)'],
    ['http://127.1:PORT/ok', 'target 127.0.0.1 is not allowed (loopback address)'],
    ['http://167772161/', 'target 10.0.0.1 is not allowed (private address)'],
    ['http://255.255.255.255/', 'target 255.255.255.255 is not allowed (broadcast address)'],
    ['http://224.0.0.1/', 'target 224.0.0.1 is not allowed (multicast address)'],
    ['http://192.0.2.10/', 'target 192.0.2.10 is not allowed (reserved address)'],
    ['http://240.0.0.1/', 'target 240.0.0.1 is not allowed (reserved address)'],
    ['http://[fe80::1]/', 'target fe80::1 is not allowed (linkLocal address)'],
    ['http://[fc00::1]/', 'target fc00::1 is not allowed (uniqueLocal address)'],
    ['http://[ff02::1]/', 'target ff02::1 is not allowed (multicast address)'],
    ['http://[2001:db8::1]/', 'target 2001:db8::1 is not allowed (reserved address)'],
    ['http://[64:ff9b::7f00:1]/', 'target 64:ff9b::7f00:1 is not allowed (rfc6052 address)'],
    ['http://[2002:7f00:1::]/', 'target 2002:7f00:1:: is not allowed (6to4 address)'],
    ['http://[::7f00:1]/', 'target ::7f00:1 is not allowed (non-global IPv6 address)'],
  ])('refuses %s before connecting', async (url, reason) => {
    const [httpSpy, httpsSpy] = spyRequests();
    expect(await refusal(strict, { url: url.replace('PORT', String(port)) })).toBe(`Outbound request refused: ${reason}`);
    expect(await refusal(strict, { url: url.replace('http:', 'https:').replace('PORT', String(port)) })).toBe(
      `Outbound request refused: ${reason}`,
    );
    expect(httpSpy).not.toHaveBeenCalled();
    expect(httpsSpy).not.toHaveBeenCalled();
  });

  it('refuses localhost through the real resolver', async () => {
    const [httpSpy] = spyRequests();
    expect(await refusal(strict, { url: `http://localhost:${port}/ok` })).toBe('Outbound request refused: the host resolves to a disallowed address (loopback address)');
    expect(httpSpy).not.toHaveBeenCalled();
  });

  it('refuses a hostname if ANY of its addresses is not public', async () => {
    const [httpSpy] = spyRequests();
    const { resolve } = fakeResolver({
      'internal.test': ['10.1.2.3'],
      'mixed.test': ['93.184.215.14', '10.0.0.1'],
      'mixed6.test': ['2606:4700::1111', 'fd12::1'],
      'mapped.test': ['::ffff:192.168.0.1'],
    });
    const client = new GuardedHttpClient({ allowPrivateNetworkTargets: false, resolve });
    expect(await refusal(client, { url: 'http://internal.test/' })).toBe('Outbound request refused: the host resolves to a disallowed address (private address)');
    expect(await refusal(client, { url: 'https://mixed.test/' })).toBe('Outbound request refused: the host resolves to a disallowed address (private address)');
    expect(await refusal(client, { url: 'https://mixed6.test/' })).toBe('Outbound request refused: the host resolves to a disallowed address (uniqueLocal address)');
    expect(await refusal(client, { url: 'http://mapped.test/' })).toBe('Outbound request refused: the host resolves to a disallowed address (private address)');
    expect(httpSpy).not.toHaveBeenCalled();
  });
});

describe('address policy', () => {
  it('accepts public unicast addresses only', () => {
    expect(refusalReason('93.184.215.14', false)).toBeNull();
    expect(refusalReason('2606:4700::1111', false)).toBeNull();
    expect(refusalReason('::ffff:8.8.8.8', false)).toBeNull();
    expect(refusalReason('127.0.0.1', true)).toBeNull();
    expect(refusalReason('10.0.0.1', true)).toBeNull();
    expect(refusalReason('fd12::1', true)).toBeNull();
    expect(refusalReason('169.254.169.254', true)).toBe('cloud metadata address');
    expect(refusalReason('0x7f000001', true)).toBe('not an IP address');
    expect(refusalReason('localhost', true)).toBe('not an IP address');
  });
});

describe('schemes, URLs and request options', () => {
  it.each([
    ['ftp://127.0.0.1/', "scheme 'ftp' is not allowed (http and https only)"],
    ['file:///etc/passwd', "scheme 'file' is not allowed (http and https only)"],
    ['gopher://127.0.0.1:70/', "scheme 'gopher' is not allowed (http and https only)"],
    ['data:text/plain,hi', "scheme 'data' is not allowed (http and https only)"],
    ['javascript:alert(1)', "scheme 'javascript' is not allowed (http and https only)"],
    ['ws://127.0.0.1/', "scheme 'ws' is not allowed (http and https only)"],
    ['not a url', 'invalid URL'],
    ['//127.0.0.1/ok', 'invalid URL'],
    ['http://user:secret@127.0.0.1/', 'credentials in the URL are not allowed'],
    ['http://user@127.0.0.1/', 'credentials in the URL are not allowed'],
    [`http://127.0.0.1/${'a'.repeat(9000)}`, 'the URL must be a string of at most 8192 characters'],
  ])('refuses %s', async (url, reason) => {
    const [httpSpy] = spyRequests();
    expect(await refusal(open, { url })).toBe(`Outbound request refused: ${reason}`);
    expect(httpSpy).not.toHaveBeenCalled();
  });

  it('refuses other methods, reserved and malformed headers, bad limits', async () => {
    const url = `${base}/ok`;
    expect(await refusal(open, { url, method: 'PUT' as 'GET' })).toBe('Outbound request refused: only GET and POST are allowed');
    expect(await refusal(open, { url, headers: { Host: 'internal' } })).toBe('Outbound request refused: the Host header is set by the client');
    expect(await refusal(open, { url, headers: { 'x-a': 'b\r\nX-Injected: 1' } })).toBe('Outbound request refused: invalid request header');
    expect(await refusal(open, { url, timeoutMs: 0 })).toMatch(/timeoutMs must be an integer/);
    expect(await refusal(open, { url, maxRedirects: -1 })).toMatch(/maxRedirects must be an integer/);
  });
});

describe('redirects', () => {
  const to = (target: string, status = 302) => `${base}/redirect?status=${status}&to=${encodeURIComponent(target)}`;

  it('follows a redirect chain and reports the final URL', async () => {
    const res = await open.request({ url: to(to('/ok')) });
    expect(res.status).toBe(200);
    expect(res.url).toBe(`${base}/ok`);
    expect(res.body.toString()).toBe('hello');
  });

  it('303 turns POST into a body-less GET; 307, 308, 301 and 302 keep the method and body', async () => {
    const post = (status: number) =>
      open.request({ url: to('/echo', status), method: 'POST', body: 'payload', headers: { 'content-type': 'text/plain' } });
    expect(JSON.parse((await post(303)).body.toString())).toMatchObject({ method: 'GET', body: '', contentType: null });
    for (const status of [307, 308, 301, 302]) {
      expect(JSON.parse((await post(status)).body.toString())).toMatchObject({ method: 'POST', body: 'payload', contentType: 'text/plain' });
    }
  });

  it('drops credentials on a redirect to another origin, keeps them on the same origin', async () => {
    const { resolve } = fakeResolver({ 'other.test': ['127.0.0.1'] });
    const client = new GuardedHttpClient({ allowPrivateNetworkTargets: true, resolve });
    const headers = { authorization: 'Bearer secret' };
    const same = await client.request({ url: to('/echo'), headers });
    expect(JSON.parse(same.body.toString()).authorization).toBe('Bearer secret');
    const cross = await client.request({ url: to(`http://other.test:${port}/echo`), headers });
    expect(JSON.parse(cross.body.toString())).toMatchObject({ authorization: null, host: `other.test:${port}` });
  });

  it('re-checks every hop: a redirect to a refused target is refused and never requested', async () => {
    const requests = jest.spyOn(http, 'request');
    const { resolve } = fakeResolver({ 'evil.test': ['169.254.169.254'] });
    const client = new GuardedHttpClient({ allowPrivateNetworkTargets: true, resolve });
    expect(await refusal(client, { url: to('http://169.254.169.254/latest/meta-data/') })).toMatch(/target 169\.254\.169\.254 is not allowed \(cloud metadata address\)/);
    expect(await refusal(client, { url: to('http://evil.test/') })).toBe('Outbound request refused: the host resolves to a disallowed address (cloud metadata address)');
    expect(await refusal(client, { url: to(`http://0.0.0.0:${port}/ok`) })).toMatch(/unspecified address/);
    expect(await refusal(client, { url: to('http://[::ffff:169.254.169.254]/') })).toMatch(/cloud metadata address/);
    expect(await refusal(client, { url: to('ftp://127.0.0.1/') })).toMatch(/scheme 'ftp' is not allowed/);
    expect(await refusal(client, { url: to(`http://u:p@127.0.0.1:${port}/ok`) })).toMatch(/credentials in the URL/);
    // exactly one request per case: the redirecting hop
    expect(requests).toHaveBeenCalledTimes(6);
    for (const [options] of requests.mock.calls) expect((options as http.RequestOptions).hostname).toBe('127.0.0.1');
  });

  it('stops after maxRedirects', async () => {
    expect(await refusal(open, { url: `${base}/loop` })).toBe('Outbound request refused: too many redirects (at most 3)');
    expect(await refusal(open, { url: to('/ok'), maxRedirects: 0 })).toBe('Outbound request refused: too many redirects (at most 0)');
    expect((await open.request({ url: to(to(to('/ok'))) })).status).toBe(200); // exactly 3 is fine
  });

  it('returns a 3xx without Location as it is', async () => {
    const res = await open.request({ url: `${base}/no-location` });
    expect(res.status).toBe(302);
    expect(res.body.toString()).toBe('no location');
  });
});

describe('size cap', () => {
  it('accepts a body of exactly maxBytes', async () => {
    expect((await open.request({ url: `${base}/bytes?n=1000`, maxBytes: 1000 })).body).toHaveLength(1000);
    expect((await open.request({ url: `${base}/bytes?n=300000&chunked=1`, maxBytes: 300000 })).body).toHaveLength(300000);
  });

  it('refuses early on a Content-Length over the cap, without waiting for the body', async () => {
    const started = Date.now();
    expect(await refusal(open, { url: `${base}/bytes?n=5000000`, maxBytes: 1000 })).toBe(
      'Outbound request refused: response too large (Content-Length over 1000 bytes)',
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses while streaming a body with no Content-Length', async () => {
    expect(await refusal(open, { url: `${base}/bytes?n=3000000&chunked=1` })).toBe(
      'Outbound request refused: response too large (over 1048576 bytes)',
    );
    expect(await refusal(open, { url: `${base}/bytes?n=1001&chunked=1`, maxBytes: 1000 })).toMatch(/response too large/);
  });
});

describe('deadline', () => {
  it('covers a server that accepts the connection and never answers', async () => {
    const started = Date.now();
    expect(await refusal(open, { url: `http://127.0.0.1:${silentPort}/`, timeoutMs: 300 })).toBe(
      'Outbound request refused: deadline of 300 ms exceeded',
    );
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1500);
  });

  it('covers a body that never finishes', async () => {
    expect(await refusal(open, { url: `${base}/slow-body`, timeoutMs: 300 })).toBe('Outbound request refused: deadline of 300 ms exceeded');
  });

  it('covers DNS resolution', async () => {
    const hang = () => new Promise<ResolvedAddress[]>(() => undefined);
    const client = new GuardedHttpClient({ allowPrivateNetworkTargets: true, resolve: hang });
    expect(await refusal(client, { url: 'http://slow-dns.test/', timeoutMs: 300 })).toBe('Outbound request refused: deadline of 300 ms exceeded');
  });

  it('is one deadline for the whole redirect chain', async () => {
    const url = `${base}/redirect?to=${encodeURIComponent(`http://127.0.0.1:${silentPort}/`)}`;
    expect(await refusal(open, { url, timeoutMs: 300 })).toBe('Outbound request refused: deadline of 300 ms exceeded');
  });
});
