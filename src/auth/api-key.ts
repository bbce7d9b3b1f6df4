import { createHash, randomBytes } from 'node:crypto';

/**
 * API keys are 32 random bytes, so a plain SHA-256 is a sufficient at-rest hash (no dictionary to
 * slow down) and lets the guard find the tenant with one indexed lookup.
 */
export function generateApiKey(): string {
  return `rk_${randomBytes(32).toString('base64url')}`;
}

export function hashApiKey(apiKey: string): string {
  return createHash('sha256').update(apiKey, 'utf8').digest('hex');
}
