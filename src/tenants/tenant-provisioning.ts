import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK } from 'jose';
import { generateApiKey, hashApiKey } from '../auth/api-key';
import { ADMIN_SCOPE } from '../auth/auth-context';
import { BadRequestError, NotFoundError } from '../common/domain-error';
import { TenantEntity } from './tenant.entity';
import { TenantSigningKeyEntity } from './tenant-signing-key.entity';
import { DEFAULT_REVIEW_CONFIGURATION, TenantAuthentication, isValidTimeZone } from './tenant.types';
import { ASYMMETRIC_ALGORITHMS, validateJwks } from '../auth/jwks';

export interface CreatedTenant {
  id: string;
  slug: string;
  apiKey: string;
  issuer: string;
}

export interface LocalIssuerOptions {
  issuerPrefix: string;
  audience: string;
}

const LOCAL_ALG = 'RS256';

/**
 * Operator actions on tenants: create one with a key pair for the built-in local issuer, and mint
 * tokens from it. Plain TypeScript over a DataSource, shared by the CLI and the test helpers.
 */
export class TenantProvisioning {
  constructor(
    private readonly ds: DataSource,
    private readonly opts: LocalIssuerOptions,
  ) {}

  async createTenant(input: { name: string; timezone?: string }): Promise<CreatedTenant> {
    const name = input.name.trim();
    if (name === '' || name.length > 200) throw new BadRequestError('--name must be 1 to 200 characters');
    const timezone = input.timezone ?? 'UTC';
    if (!isValidTimeZone(timezone)) throw new BadRequestError(`--timezone "${timezone}" is not an IANA time zone`);

    const { publicKey, privateKey } = await generateKeyPair(LOCAL_ALG, { extractable: true, modulusLength: 2048 });
    const publicJwk = await exportJWK(publicKey);
    const privateJwk = await exportJWK(privateKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    publicJwk.kid = kid;
    publicJwk.alg = LOCAL_ALG;
    publicJwk.use = 'sig';

    const apiKey = generateApiKey();
    const id = randomUUID();
    const now = new Date();
    const slug = await this.freeSlug(name);
    const issuer = `${this.opts.issuerPrefix}${slug}`;
    await this.ds.transaction(async (m) => {
      await m.insert(TenantEntity, {
        id,
        name,
        slug,
        apiKeyHash: hashApiKey(apiKey),
        authentication: { issuer, jwks: { keys: [publicJwk] }, jwksUrl: null, algorithms: [LOCAL_ALG], audience: this.opts.audience },
        configuration: { timezone, review: { ...DEFAULT_REVIEW_CONFIGURATION } },
        createdAt: now,
        updatedAt: now,
      });
      await m.insert(TenantSigningKeyEntity, { kid, tenantId: id, algorithm: LOCAL_ALG, privateJwk, createdAt: now });
    });
    return { id, slug, apiKey, issuer };
  }

  async mintToken(input: { slug: string; sub: string; admin?: boolean; name?: string; ttlSeconds?: number }): Promise<string> {
    const tenant = await this.ds.getRepository(TenantEntity).findOneBy({ slug: input.slug });
    if (!tenant) throw new NotFoundError(`No tenant with slug "${input.slug}"`);
    const key = await this.ds.getRepository(TenantSigningKeyEntity).findOne({ where: { tenantId: tenant.id }, order: { createdAt: 'DESC' } });
    if (!key || !tenant.authentication.jwks?.keys.some((k) => k.kid === key.kid)) {
      throw new BadRequestError(`Tenant "${input.slug}" does not use the built-in local issuer`);
    }
    const ttl = input.ttlSeconds ?? 3600;
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > 365 * 24 * 3600) throw new BadRequestError('--ttl must be 1 to 31536000 seconds');
    if (input.sub.trim() === '' || input.sub.length > 255) throw new BadRequestError('--sub must be 1 to 255 characters');
    const claims: Record<string, unknown> = {};
    if (input.admin) claims.scope = ADMIN_SCOPE;
    if (input.name) claims.name = input.name;
    const privateKey = await importJWK(key.privateJwk, key.algorithm);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: key.algorithm, kid: key.kid, typ: 'JWT' })
      .setIssuer(tenant.authentication.issuer)
      .setAudience(tenant.authentication.audience ?? this.opts.audience)
      .setSubject(input.sub)
      .setIssuedAt()
      .setJti(randomUUID())
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttl)
      .sign(privateKey);
  }

  /**
   * Points the tenant's user tokens at an external issuer (a `jwksUrl`, or inline public keys). The
   * built-in local issuer stops being accepted for the tenant; `token mint` then refuses.
   */
  async setAuthentication(input: { slug: string; issuer: string; jwksUrl?: string; jwks?: unknown; algorithms?: string[]; audience?: string }): Promise<TenantAuthentication> {
    const tenant = await this.ds.getRepository(TenantEntity).findOneBy({ slug: input.slug });
    if (!tenant) throw new NotFoundError(`No tenant with slug "${input.slug}"`);
    const issuer = input.issuer.trim();
    if (issuer === '' || issuer.length > 500) throw new BadRequestError('--issuer must be 1 to 500 characters');
    if ((input.jwksUrl === undefined) === (input.jwks === undefined)) throw new BadRequestError('give exactly one of --jwks-url and --jwks-file');
    if (input.jwksUrl !== undefined) {
      let url: URL;
      try {
        url = new URL(input.jwksUrl);
      } catch {
        throw new BadRequestError('--jwks-url is not a URL');
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new BadRequestError('--jwks-url must be http(s)');
    }
    const algorithms = input.algorithms ?? ['RS256'];
    const refused = algorithms.filter((a) => !(ASYMMETRIC_ALGORITHMS as readonly string[]).includes(a));
    if (algorithms.length === 0 || refused.length) {
      throw new BadRequestError(`--algorithms takes asymmetric algorithms only (${ASYMMETRIC_ALGORITHMS.join(', ')}); refused: ${refused.join(', ') || 'none given'}`);
    }
    const authentication: TenantAuthentication = {
      issuer,
      jwksUrl: input.jwksUrl ?? null,
      jwks: input.jwks !== undefined ? validateJwks(input.jwks) : null,
      algorithms,
      audience: input.audience ?? null,
    };
    await this.ds.getRepository(TenantEntity).update({ id: tenant.id }, { authentication, updatedAt: new Date() });
    return authentication;
  }

  private async freeSlug(name: string): Promise<string> {
    const base =
      name
        .normalize('NFKD')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 60) || 'tenant';
    const repo = this.ds.getRepository(TenantEntity);
    if (!(await repo.existsBy({ slug: base }))) return base;
    for (;;) {
      const candidate = `${base}-${randomBytes(3).toString('hex')}`;
      if (!(await repo.existsBy({ slug: candidate }))) return candidate;
    }
  }
}
