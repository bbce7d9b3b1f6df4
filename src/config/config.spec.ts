import * as path from 'node:path';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      logLevel: 'info',
      orderDedupWindowSeconds: 300,
      allowPrivateNetworkTargets: false,
      bodyLimitBytes: 1024 * 1024,
      database: { kind: 'sqlite', file: path.resolve('./data/rule-engine.sqlite') },
      workersEnabled: true,
      orderWorkerPollMs: 1000,
      orderIntakeLeaseSeconds: 60,
      webhookWorkerPollMs: 1000,
      webhookTimeoutMs: 10000,
      webhookMaxAttempts: 10,
      webhookBackoffBaseMs: 5000,
      webhookBackoffMaxMs: 3600000,
    });
  });

  it('reads sqlite and postgres URLs', () => {
    expect(loadConfig({ DATABASE_URL: 'sqlite:/tmp/x.sqlite' }).database).toEqual({ kind: 'sqlite', file: '/tmp/x.sqlite' });
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db', DATABASE_SCHEMA: 'tenant_a' }).database).toEqual({
      kind: 'postgres',
      url: 'postgres://u@h:5432/db',
      schema: 'tenant_a',
    });
    expect(loadConfig({ BODY_LIMIT: '512kb', ALLOW_PRIVATE_NETWORK_TARGETS: 'true' })).toMatchObject({ bodyLimitBytes: 524288, allowPrivateNetworkTargets: true });
  });

  it.each([
    [{ PORT: 'eighty' }, 'Invalid configuration: PORT must be a whole number, got "eighty"'],
    [{ PORT: '70000' }, 'Invalid configuration: PORT must be between 0 and 65535, got 70000'],
    [{ DATABASE_URL: 'mysql://x' }, 'Invalid configuration: DATABASE_URL must be unset, sqlite:<path> or postgres://...'],
    [{ DATABASE_URL: 'sqlite:' }, 'Invalid configuration: DATABASE_URL sqlite: needs a file path, e.g. sqlite:./data/db.sqlite'],
    [{ DATABASE_URL: 'postgres://x/db', DATABASE_SCHEMA: 'Robert"); DROP' }, 'Invalid configuration: DATABASE_SCHEMA must be a lower-case identifier'],
    [{ LOG_LEVEL: 'loud' }, 'Invalid configuration: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent'],
    [{ ORDER_DEDUP_WINDOW_SECONDS: '0' }, 'Invalid configuration: ORDER_DEDUP_WINDOW_SECONDS must be between 1 and 604800, got 0'],
    [{ ALLOW_PRIVATE_NETWORK_TARGETS: 'yes please' }, 'Invalid configuration: ALLOW_PRIVATE_NETWORK_TARGETS must be true or false, got "yes please"'],
    [{ WORKERS_ENABLED: 'sometimes' }, 'Invalid configuration: WORKERS_ENABLED must be true or false, got "sometimes"'],
    [{ WEBHOOK_MAX_ATTEMPTS: '0' }, 'Invalid configuration: WEBHOOK_MAX_ATTEMPTS must be between 1 and 50, got 0'],
    [{ ORDER_WORKER_POLL_MS: '5' }, 'Invalid configuration: ORDER_WORKER_POLL_MS must be between 10 and 60000, got 5'],
    [{ BODY_LIMIT: 'huge' }, 'Invalid configuration: BODY_LIMIT must be a size like 1048576, 512kb or 1mb, got "huge"'],
  ])('refuses %j with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
