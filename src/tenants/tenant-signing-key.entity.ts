import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { JWK } from 'jose';
import { TIMESTAMP } from '../database/column-types';

/**
 * The built-in local issuer's key pair for one tenant. The private half lives in the database (not a
 * file) so `token mint` finds it whichever database DATABASE_URL names; no response ever includes it.
 */
@Entity('tenant_signing_keys')
export class TenantSigningKeyEntity {
  /** The JWK thumbprint, used as `kid`. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  kid!: string;

  @Index('IDX_tenant_signing_keys_tenantId')
  @Column({ type: 'varchar', length: 36 })
  tenantId!: string;

  @Column({ type: 'varchar', length: 16 })
  algorithm!: string;

  @Column({ type: 'simple-json' })
  privateJwk!: JWK;

  @Column({ type: TIMESTAMP })
  createdAt!: Date;
}
