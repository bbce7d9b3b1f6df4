import { TenantEntity } from '../tenants/tenant.entity';
import { TenantSigningKeyEntity } from '../tenants/tenant-signing-key.entity';

/** Every entity, registered once for the app, the CLI and the tests. Feature modules add theirs here. */
export const ENTITIES = [TenantEntity, TenantSigningKeyEntity];
