import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../database/column-types';
import { TenantAuthentication, TenantConfiguration } from './tenant.types';

@Entity('tenants')
export class TenantEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Index('UQ_tenants_slug', { unique: true })
  @Column({ type: 'varchar', length: 100 })
  slug!: string;

  /** SHA-256 of the API key; the key itself is shown once at creation and never stored. */
  @Index('UQ_tenants_apiKeyHash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  apiKeyHash!: string;

  @Column({ type: 'simple-json' })
  authentication!: TenantAuthentication;

  @Column({ type: 'simple-json' })
  configuration!: TenantConfiguration;

  @Column({ type: TIMESTAMP })
  createdAt!: Date;

  @Column({ type: TIMESTAMP })
  updatedAt!: Date;
}
