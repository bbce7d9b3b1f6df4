import { Inject, Injectable } from '@nestjs/common';
import { JWTPayload, createLocalJWKSet, errors as joseErrors, jwtVerify } from 'jose';
import { APP_CONFIG, AppConfig } from '../config/config';
import { UnauthorizedError } from '../common/domain-error';
import { TenantEntity } from '../tenants/tenant.entity';
import { ADMIN_SCOPE, AuthUser } from './auth-context';
import { JWKS_FETCHER, JwksFetcher } from './jwks-fetcher';
import { validateJwks } from './jwks';

type KeyResolver = ReturnType<typeof createLocalJWKSet>;

interface RemoteEntry {
  resolver: KeyResolver | null;
  fetchedAt: number;
  lastAttemptAt: number;
  /** Unknown-`kid` refetches are rate-limited on their own, so a routine fetch never delays a key rotation. */
  lastKidRefreshAt: number;
  inflight: Promise<void> | null;
}

/** After a failed fetch or an unknown `kid`, wait this long before asking the JWKS URL again. */
const COOL_DOWN_MS = 30_000;

/**
 * Verifies user tokens against the tenant's `authentication`. The built-in local issuer's tenants
 * carry their public keys inline; external issuers give a `jwksUrl`. Both end in the same
 * jwtVerify call with pinned algorithms, required `exp`, issuer and (if set) audience.
 */
@Injectable()
export class TokenVerifier {
  private readonly inline = new Map<string, { stamp: string; resolver: KeyResolver }>();
  private readonly remote = new Map<string, RemoteEntry>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JWKS_FETCHER) private readonly fetchJwks: JwksFetcher,
  ) {}

  async verify(tenant: TenantEntity, token: string): Promise<{ user: AuthUser; isAdmin: boolean }> {
    const auth = tenant.authentication;
    if (!auth?.issuer) throw new UnauthorizedError('This tenant has no token issuer configured');
    if (token.split('.').length !== 3) throw new UnauthorizedError('The bearer token is not a JWT');
    const algorithms = auth.algorithms?.length ? auth.algorithms : ['RS256'];
    let payload: JWTPayload;
    try {
      const resolver = await this.resolverFor(tenant);
      const verified = await jwtVerify(token, resolver, {
        issuer: auth.issuer,
        audience: auth.audience ?? undefined,
        algorithms,
        requiredClaims: ['exp', 'sub'],
        clockTolerance: 5,
      });
      payload = verified.payload;
    } catch (err) {
      if (err instanceof joseErrors.JWKSNoMatchingKey && auth.jwksUrl) {
        payload = await this.retryAfterRefresh(tenant, token, algorithms);
      } else {
        throw toUnauthorized(err);
      }
    }
    return userFrom(payload);
  }

  private async retryAfterRefresh(tenant: TenantEntity, token: string, algorithms: string[]): Promise<JWTPayload> {
    const auth = tenant.authentication;
    const refreshed = await this.refreshRemote(auth.jwksUrl!, true);
    if (!refreshed) throw new UnauthorizedError('No key of the issuer matches the token');
    try {
      const { payload } = await jwtVerify(token, refreshed, {
        issuer: auth.issuer,
        audience: auth.audience ?? undefined,
        algorithms,
        requiredClaims: ['exp', 'sub'],
        clockTolerance: 5,
      });
      return payload;
    } catch (err) {
      throw toUnauthorized(err);
    }
  }

  private async resolverFor(tenant: TenantEntity): Promise<KeyResolver> {
    const auth = tenant.authentication;
    if (auth.jwks) {
      const stamp = `${tenant.updatedAt?.valueOf?.() ?? ''}`;
      const cached = this.inline.get(tenant.id);
      if (cached && cached.stamp === stamp) return cached.resolver;
      const resolver = createLocalJWKSet(validateJwks(auth.jwks));
      this.inline.set(tenant.id, { stamp, resolver });
      return resolver;
    }
    if (auth.jwksUrl) {
      const entry = this.remote.get(auth.jwksUrl);
      const fresh = entry?.resolver && Date.now() - entry.fetchedAt < this.config.jwksCacheSeconds * 1000;
      if (fresh) return entry!.resolver!;
      const resolver = await this.refreshRemote(auth.jwksUrl, false);
      if (resolver) return resolver;
      throw new UnauthorizedError('The issuer keys could not be fetched');
    }
    throw new UnauthorizedError('This tenant has no token keys configured');
  }

  /** Fetches the JWKS unless a fetch happened within the cool-down; concurrent callers share one fetch. */
  private async refreshRemote(url: string, becauseUnknownKid: boolean): Promise<KeyResolver | null> {
    let entry = this.remote.get(url);
    if (!entry) {
      entry = { resolver: null, fetchedAt: 0, lastAttemptAt: 0, lastKidRefreshAt: 0, inflight: null };
      this.remote.set(url, entry);
    }
    const e = entry;
    if (e.inflight) {
      await e.inflight;
      return e.resolver;
    }
    const now = Date.now();
    if (becauseUnknownKid) {
      if (now - e.lastKidRefreshAt < COOL_DOWN_MS) return null;
      e.lastKidRefreshAt = now;
    } else if (now - e.lastAttemptAt < COOL_DOWN_MS && e.resolver === null) {
      // the last fetch failed moments ago: do not retry on every request
      return null;
    }
    e.lastAttemptAt = now;
    e.inflight = (async () => {
      try {
        const jwks = validateJwks(await this.fetchJwks(url, this.config.jwksTimeoutMs));
        e.resolver = createLocalJWKSet(jwks);
        e.fetchedAt = Date.now();
      } catch {
        // keep serving the previous keys (if any) until the cool-down passes
      } finally {
        e.inflight = null;
      }
    })();
    await e.inflight;
    return e.resolver;
  }
}

function userFrom(payload: JWTPayload): { user: AuthUser; isAdmin: boolean } {
  const sub = payload.sub;
  if (typeof sub !== 'string' || sub === '' || sub.length > 255) throw new UnauthorizedError('The token has no usable subject');
  const scope = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
  const permissions = Array.isArray(payload.permissions) ? payload.permissions : [];
  const name = typeof payload.name === 'string' ? payload.name : null;
  return {
    user: { authIdentifier: sub, authIssuer: String(payload.iss), name },
    isAdmin: scope.includes(ADMIN_SCOPE) || permissions.includes(ADMIN_SCOPE),
  };
}

function toUnauthorized(err: unknown): UnauthorizedError {
  if (err instanceof UnauthorizedError) return err;
  if (err instanceof joseErrors.JWTExpired) return new UnauthorizedError('The token has expired');
  if (err instanceof joseErrors.JWTClaimValidationFailed) return new UnauthorizedError(`The token's ${err.claim} claim is not accepted`);
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return new UnauthorizedError("The token's algorithm is not accepted");
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return new UnauthorizedError("The token's signature is not valid");
  if (err instanceof joseErrors.JWKSNoMatchingKey) return new UnauthorizedError('No key of the issuer matches the token');
  return new UnauthorizedError('The bearer token is not valid');
}
