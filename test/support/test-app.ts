import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import request from 'supertest';
import { createApp } from '../../src/app';
import { AppConfig, loadConfig } from '../../src/config/config';
import { createLogger } from '../../src/ops/logger';
import { TenantProvisioning } from '../../src/tenants/tenant-provisioning';
import { TestDatabase, createTestDatabase } from './test-db';

export interface TestTenant {
  id: string;
  slug: string;
  apiKey: string;
  issuer: string;
  adminToken: string;
  userToken: (sub: string, name?: string) => Promise<string>;
}

export interface TestApp {
  app: NestExpressApplication;
  http: ReturnType<typeof request>;
  ds: DataSource;
  db: TestDatabase;
  config: AppConfig;
  provisioning: TenantProvisioning;
  createTenant(name?: string): Promise<TestTenant>;
  close(): Promise<void>;
}

/** The real application (real middleware, pipes, filters, migrations) on a fresh database. */
export async function createTestApp(overrides: Partial<AppConfig> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config: AppConfig = {
    ...loadConfig({ ALLOW_PRIVATE_NETWORK_TARGETS: 'true' }),
    database: db.config,
    logLevel: 'silent',
    ...overrides,
  };
  const app = await createApp(config, createLogger(config.logLevel));
  await app.init();
  const ds = app.get<DataSource>(getDataSourceToken());
  const provisioning = new TenantProvisioning(ds, { issuerPrefix: config.localIssuerPrefix, audience: config.localAudience });
  let counter = 0;
  return {
    app,
    http: request(app.getHttpServer()),
    ds,
    db,
    config,
    provisioning,
    async createTenant(name = `Tenant ${++counter}`) {
      const t = await provisioning.createTenant({ name });
      const adminToken = await provisioning.mintToken({ slug: t.slug, sub: 'admin-1', admin: true, name: 'Ada Admin' });
      return { ...t, adminToken, userToken: (sub: string, n?: string) => provisioning.mintToken({ slug: t.slug, sub, name: n }) };
    },
    async close() {
      await app.close();
      await db.drop();
    },
  };
}
