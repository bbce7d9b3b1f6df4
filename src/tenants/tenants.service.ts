import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { hashApiKey } from '../auth/api-key';
import { BadRequestError, NotFoundError } from '../common/domain-error';
import { TenantEntity } from './tenant.entity';
import { TenantConfiguration, effectiveConfiguration, isValidTimeZone } from './tenant.types';
import { UpdateTenantConfigurationDto } from './dto/update-configuration.dto';

export interface TenantView {
  id: string;
  name: string;
  slug: string;
  configuration: TenantConfiguration;
}

@Injectable()
export class TenantsService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  findByApiKey(apiKey: string): Promise<TenantEntity | null> {
    return this.ds.getRepository(TenantEntity).findOneBy({ apiKeyHash: hashApiKey(apiKey) });
  }

  async get(tenantId: string): Promise<TenantView> {
    const tenant = await this.ds.getRepository(TenantEntity).findOneBy({ id: tenantId });
    if (!tenant) throw new NotFoundError('Tenant not found');
    return toView(tenant);
  }

  /** Merges the given fields over the stored configuration, inside a transaction so two PATCHes cannot lose each other's fields. */
  async updateConfiguration(tenantId: string, patch: UpdateTenantConfigurationDto): Promise<TenantView> {
    if (patch.timezone !== undefined && !isValidTimeZone(patch.timezone)) {
      throw new BadRequestError(`timezone "${patch.timezone}" is not an IANA time zone`, [
        { path: 'timezone', message: 'must be an IANA time zone such as Europe/London' },
      ]);
    }
    return this.ds.transaction(async (m) => {
      const repo = m.getRepository(TenantEntity);
      const tenant = await repo.findOne({ where: { id: tenantId }, lock: m.connection.driver.options.type === 'postgres' ? { mode: 'pessimistic_write' } : undefined });
      if (!tenant) throw new NotFoundError('Tenant not found');
      const current = effectiveConfiguration(tenant.configuration);
      const review = { ...current.review };
      for (const [k, v] of Object.entries(patch.review ?? {})) {
        if (v !== undefined) (review as Record<string, unknown>)[k] = v;
      }
      tenant.configuration = { timezone: patch.timezone ?? current.timezone, review };
      tenant.updatedAt = new Date();
      await repo.update({ id: tenant.id }, { configuration: tenant.configuration, updatedAt: tenant.updatedAt });
      return toView(tenant);
    });
  }
}

/** Whitelisted fields only: never the API key hash, the authentication keys or anything added later. */
function toView(t: TenantEntity): TenantView {
  return { id: t.id, name: t.name, slug: t.slug, configuration: effectiveConfiguration(t.configuration) };
}
