import { TenantEntity } from '../tenants/tenant.entity';

export interface AuthUser {
  authIdentifier: string;
  authIssuer: string;
  name: string | null;
}

/** What every handler gets from `@Auth()`: the tenant comes from the API key, never from the token. */
export interface AuthContext {
  tenant: TenantEntity;
  user: AuthUser | null;
  isAdmin: boolean;
}

export const ADMIN_SCOPE = 'admin:receipts';

export type AuthLevel = 'public' | 'anonymous' | 'user' | 'admin';
