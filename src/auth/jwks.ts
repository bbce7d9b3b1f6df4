import type { JSONWebKeySet } from 'jose';
import { BadRequestError } from '../common/domain-error';

export const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];

/**
 * A JWKS we will verify with: public asymmetric keys only (no `oct`, so no HMAC confusion, and no
 * private members), at most 20 keys.
 */
export function validateJwks(value: unknown): JSONWebKeySet {
  const keys = (value as { keys?: unknown })?.keys;
  if (!Array.isArray(keys) || keys.length === 0 || keys.length > 20) throw new BadRequestError('jwks must have 1 to 20 keys');
  for (const k of keys) {
    if (!k || typeof k !== 'object') throw new BadRequestError('jwks keys must be objects');
    const kty = (k as { kty?: unknown }).kty;
    if (kty !== 'RSA' && kty !== 'EC' && kty !== 'OKP') throw new BadRequestError('jwks keys must be RSA, EC or OKP public keys');
    if (PRIVATE_MEMBERS.some((m) => m in k)) throw new BadRequestError('jwks must contain public keys only');
  }
  return { keys: keys as JSONWebKeySet['keys'] };
}
