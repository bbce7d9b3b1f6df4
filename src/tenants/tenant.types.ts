import type { JWK } from 'jose';

/** How a tenant's user tokens are verified. Either `jwksUrl` or inline `jwks` (public keys only). */
export interface TenantAuthentication {
  issuer: string;
  jwksUrl?: string | null;
  jwks?: { keys: JWK[] } | null;
  algorithms: string[];
  audience?: string | null;
}

export interface ReviewConfiguration {
  maxReceiptAgeDays: number;
  minOcrConfidence: number;
  /** null = unlimited */
  maxPerUserPerFormatPerDay: number | null;
  /** null = unlimited */
  maxPerUserPerMerchantPerDay: number | null;
  spotCheckRate: number;
}

export interface TenantConfiguration {
  timezone: string;
  review: ReviewConfiguration;
}

export const DEFAULT_REVIEW_CONFIGURATION: ReviewConfiguration = Object.freeze({
  maxReceiptAgeDays: 30,
  minOcrConfidence: 0.5,
  maxPerUserPerFormatPerDay: null,
  maxPerUserPerMerchantPerDay: null,
  spotCheckRate: 0,
});

/** Stored configuration merged over the defaults, so older rows and partial PATCHes read complete. */
export function effectiveConfiguration(stored: Partial<TenantConfiguration> | null | undefined): TenantConfiguration {
  return {
    timezone: stored?.timezone ?? 'UTC',
    review: { ...DEFAULT_REVIEW_CONFIGURATION, ...(stored?.review ?? {}) },
  };
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
