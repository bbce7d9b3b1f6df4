/** Fetches a JWKS document; the app binds it to the guarded outbound HTTP client. */
export type JwksFetcher = (url: string, timeoutMs: number) => Promise<unknown>;
export const JWKS_FETCHER = Symbol('JWKS_FETCHER');
