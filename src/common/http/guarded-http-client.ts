import { promises as dnsPromises } from 'dns';
import * as http from 'http';
import * as https from 'https';
import { isIP, type LookupFunction } from 'net';
import { DomainError } from '../domain-error';
import { refusalReason } from './address-policy';

/**
 * The one outbound HTTP client for every URL fetched on a tenant's behalf (webhooks, picture URLs, JWKS).
 *
 * Per hop: http(s) only, no credentials in the URL, the host resolved here (all addresses) and refused if
 * ANY address is not allowed by address-policy.ts, then the connection is pinned to the checked address
 * through a custom `lookup`, so the socket cannot get a second, different DNS answer; hostname, Host
 * header and TLS SNI stay the URL's. Redirects are followed by hand and every hop is checked again.
 * One deadline covers DNS, connecting, every redirect and the body; the body is capped while streaming.
 *
 * Redirects: 301/302/307/308 keep the method and body, 303 turns into a body-less GET; a redirect to
 * another origin drops Authorization, Cookie and Proxy-Authorization. A 3xx without Location is returned
 * as the response. No keep-alive agent: each hop gets its own connection to its own checked address.
 */

export interface GuardedRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Overall deadline, default 5000. */
  timeoutMs?: number;
  /** Response body cap, default 1 MiB. */
  maxBytes?: number;
  /** Default 3. */
  maxRedirects?: number;
}

export interface GuardedResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** Final URL, after redirects. */
  url: string;
}

export interface ResolvedAddress {
  address: string;
  family: number;
}
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface GuardedHttpClientOptions {
  allowPrivateNetworkTargets: boolean;
  /** Replaces `dns.lookup(hostname, { all: true })`; a seam for tests. */
  resolve?: Resolver;
}

/** Base of both outbound errors, for callers that treat every outbound problem alike. */
export abstract class OutboundRequestError extends DomainError {}

/** The request was not made, or was stopped, by policy: scheme, address, size, redirects, deadline. */
export class OutboundRequestRefusedError extends OutboundRequestError {
  constructor(readonly reason: string) {
    super('BAD_REQUEST', `Outbound request refused: ${reason}`);
  }
}

/** The target could not be reached or answered nonsense (DNS failure, refused connection, TLS, reset). */
export class OutboundRequestFailedError extends OutboundRequestError {
  constructor(
    readonly reason: string,
    /** The system error code (ECONNREFUSED...), for logs; not part of the message. */
    readonly causeCode?: string,
  ) {
    super('BAD_REQUEST', `Outbound request failed: ${reason}`);
  }
}

export const DEFAULT_TIMEOUT_MS = 5000;
export const DEFAULT_MAX_BYTES = 1024 * 1024;
export const DEFAULT_MAX_REDIRECTS = 3;
const MAX_URL_LENGTH = 8192;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Headers the client owns: letting a caller set them would break pinning or framing. */
const RESERVED_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'upgrade']);
const CROSS_ORIGIN_DROPPED = new Set(['authorization', 'cookie', 'proxy-authorization']);

const defaultResolver: Resolver = async (hostname) =>
  (await dnsPromises.lookup(hostname, { all: true })).map(({ address, family }) => ({ address, family }));

class DeadlineExceeded extends Error {}

interface Outgoing {
  method: 'GET' | 'POST';
  body?: string | Buffer;
  headers: Record<string, string>;
}

function refuse(reason: string): never {
  throw new OutboundRequestRefusedError(reason);
}

function failure(err: unknown): OutboundRequestFailedError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ENODATA') return new OutboundRequestFailedError('could not resolve the host', code);
  if (code === 'ECONNREFUSED') return new OutboundRequestFailedError('connection refused', code);
  if (code === 'ECONNRESET' || code === 'EPIPE') return new OutboundRequestFailedError('connection reset', code);
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return new OutboundRequestFailedError('host unreachable', code);
  if (code?.startsWith('HPE_')) return new OutboundRequestFailedError('invalid HTTP response', code);
  if (code && /TLS|CERT|SSL|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) return new OutboundRequestFailedError('TLS error', code);
  return new OutboundRequestFailedError('network error', code);
}

function checkedInt(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) refuse(`${name} must be an integer from ${min} to ${max}`);
  return value;
}

function parseTargetUrl(raw: string): URL {
  if (typeof raw !== 'string' || raw.length > MAX_URL_LENGTH) refuse(`the URL must be a string of at most ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse('invalid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    refuse(`scheme '${url.protocol.slice(0, -1).slice(0, 20)}' is not allowed (http and https only)`);
  }
  if (url.username || url.password) refuse('credentials in the URL are not allowed');
  if (!url.hostname) refuse('the URL has no host');
  return url;
}

/** Rejects with DeadlineExceeded once the signal fires; never settles otherwise. */
function whenAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(new DeadlineExceeded());
    else signal.addEventListener('abort', () => reject(new DeadlineExceeded()), { once: true });
  });
}

function pinnedLookup(address: string, family: number): LookupFunction {
  // Node may ask for all addresses (autoSelectFamily); either way it only ever gets the checked one.
  return ((_hostname: string, options: unknown, callback?: unknown) => {
    const cb = (typeof options === 'function' ? options : callback) as (...args: unknown[]) => void;
    const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all;
    if (all) cb(null, [{ address, family }]);
    else cb(null, address, family);
  }) as LookupFunction;
}

export class GuardedHttpClient {
  private readonly resolve: Resolver;

  constructor(private readonly opts: GuardedHttpClientOptions) {
    this.resolve = opts.resolve ?? defaultResolver;
  }

  async request(req: GuardedRequest): Promise<GuardedResponse> {
    const timeoutMs = checkedInt('timeoutMs', req.timeoutMs ?? DEFAULT_TIMEOUT_MS, 1, 300_000);
    const maxBytes = checkedInt('maxBytes', req.maxBytes ?? DEFAULT_MAX_BYTES, 0, 100 * 1024 * 1024);
    const maxRedirects = checkedInt('maxRedirects', req.maxRedirects ?? DEFAULT_MAX_REDIRECTS, 0, 20);
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'POST') refuse('only GET and POST are allowed');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers ?? {})) {
      if (RESERVED_HEADERS.has(name.toLowerCase())) refuse(`the ${name} header is set by the client`);
      headers[name] = value;
    }
    let url = parseTargetUrl(req.url);

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const deadline = whenAborted(controller.signal);
    deadline.catch(() => undefined); // it is only ever raced, never awaited alone
    try {
      let current: Outgoing = { method, body: req.body, headers };
      for (let hop = 0; ; hop++) {
        const address = await Promise.race([this.checkedAddress(url), deadline]);
        const res = await this.send(url, address, current, controller.signal);
        const location = res.headers.location;
        if (!REDIRECTS.has(res.statusCode ?? 0) || !location) {
          const body = await this.readBody(res, maxBytes, controller.signal);
          return { status: res.statusCode ?? 0, headers: { ...res.headers }, body, url: url.toString() };
        }
        res.destroy();
        if (hop >= maxRedirects) refuse(`too many redirects (at most ${maxRedirects})`);
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          return refuse('invalid redirect location');
        }
        next = parseTargetUrl(next.toString());
        current = this.redirected(current, res.statusCode!, next.origin !== url.origin);
        url = next;
      }
    } catch (err) {
      if (err instanceof DeadlineExceeded || controller.signal.aborted) refuse(`deadline of ${timeoutMs} ms exceeded`);
      if (err instanceof OutboundRequestError) throw err;
      throw failure(err);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Resolves the URL's host and returns the address to pin, or refuses if any address is not allowed. */
  private async checkedAddress(url: URL): Promise<ResolvedAddress> {
    const allowPrivate = this.opts.allowPrivateNetworkTargets;
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    const family = isIP(host);
    if (family) {
      const reason = refusalReason(host, allowPrivate);
      if (reason) refuse(`target ${host} is not allowed (${reason})`);
      return { address: host, family };
    }
    let addresses: ResolvedAddress[];
    try {
      addresses = await this.resolve(host);
    } catch (err) {
      throw failure(err);
    }
    if (!addresses.length) throw new OutboundRequestFailedError('could not resolve the host');
    for (const { address } of addresses) {
      const reason = refusalReason(address, allowPrivate);
      // the resolved address itself is not echoed: it could reveal internal DNS
      if (reason) refuse(`the host resolves to a disallowed address (${reason})`);
    }
    return addresses[0];
  }

  private redirected(prev: Outgoing, status: number, crossOrigin: boolean): Outgoing {
    const toGet = status === 303 && prev.method !== 'GET';
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(prev.headers)) {
      const lower = name.toLowerCase();
      if (crossOrigin && CROSS_ORIGIN_DROPPED.has(lower)) continue;
      if (toGet && lower === 'content-type') continue;
      headers[name] = value;
    }
    return toGet ? { method: 'GET', headers } : { ...prev, headers };
  }

  private send(
    url: URL,
    target: ResolvedAddress,
    { method, body, headers }: Outgoing,
    signal: AbortSignal,
  ): Promise<http.IncomingMessage> {
    return new Promise((resolve, reject) => {
      const options: https.RequestOptions = {
        protocol: url.protocol,
        hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method,
        headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        agent: false,
        lookup: pinnedLookup(target.address, target.family),
      };
      let request: http.ClientRequest;
      try {
        request = (url.protocol === 'https:' ? https : http).request(options);
      } catch {
        // Node validates header names and values synchronously (CR/LF injection and the like)
        return reject(new OutboundRequestRefusedError('invalid request header'));
      }
      const onAbort = () => request.destroy(new DeadlineExceeded());
      signal.addEventListener('abort', onAbort, { once: true });
      request.once('response', (res) => {
        signal.removeEventListener('abort', onAbort);
        resolve(res);
      });
      request.once('error', (err) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      });
      request.end(body);
    });
  }

  private readBody(res: http.IncomingMessage, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const finish = (err?: Error) => {
        // destroy() below emits 'aborted'/'close' synchronously: the first reason must win
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        if (err) {
          reject(err);
          res.destroy();
        }
      };
      const onAbort = () => finish(new DeadlineExceeded());
      if (signal.aborted) return finish(new DeadlineExceeded());
      signal.addEventListener('abort', onAbort, { once: true });

      const declared = res.headers['content-length'];
      if (declared !== undefined && Number(declared) > maxBytes) {
        return finish(new OutboundRequestRefusedError(`response too large (Content-Length over ${maxBytes} bytes)`));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) return finish(new OutboundRequestRefusedError(`response too large (over ${maxBytes} bytes)`));
        chunks.push(chunk);
      });
      res.once('end', () => {
        if (settled) return;
        finish();
        resolve(Buffer.concat(chunks, size));
      });
      res.once('error', (err) => finish(err));
      res.once('aborted', () => finish(new OutboundRequestFailedError('connection closed before the body was complete')));
      res.once('close', () => {
        if (!res.complete) finish(new OutboundRequestFailedError('connection closed before the body was complete'));
      });
    });
  }
}
