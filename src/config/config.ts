import * as path from 'node:path';

/** Storage selected by DATABASE_URL: unset or `sqlite:<path>` = embedded SQLite file, `postgres://` = PostgreSQL. */
export type DatabaseConfig =
  | { kind: 'sqlite'; file: string }
  | { kind: 'postgres'; url: string; schema?: string };

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface AppConfig {
  port: number;
  host: string;
  database: DatabaseConfig;
  logLevel: LogLevel;
  orderDedupWindowSeconds: number;
  allowPrivateNetworkTargets: boolean;
  bodyLimitBytes: number;
  jwksTimeoutMs: number;
  jwksCacheSeconds: number;
  /** Issuer prefix used for tenants created with the built-in local issuer. */
  localIssuerPrefix: string;
  /** Audience put in (and required of) tokens minted by the built-in local issuer. */
  localAudience: string;
  shutdownTimeoutMs: number;
  /** Run the background workers (async order intake, webhook delivery) in this process. */
  workersEnabled: boolean;
  /** How often the order intake worker looks for accepted async orders when it has not been woken. */
  orderWorkerPollMs: number;
  /** How long a worker owns a claimed intake row before another instance may take it over. */
  orderIntakeLeaseSeconds: number;
  webhookWorkerPollMs: number;
  webhookTimeoutMs: number;
  /** Attempts per delivery before it is marked DEAD. */
  webhookMaxAttempts: number;
  /** Retry n waits about min(base * 2^(n-1), max), with jitter. */
  webhookBackoffBaseMs: number;
  webhookBackoffMaxMs: number;
}

/** A bad environment value: start-up stops with this one line. */
export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function intVar(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw.trim());
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function boolVar(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = raw.trim().toLowerCase();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, mb: 1024 * 1024 };

function sizeVar(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const m = /^(\d+)\s*(b|kb|mb)?$/i.exec(raw.trim());
  if (!m) throw new ConfigError(name, `must be a size like 1048576, 512kb or 1mb, got "${raw}"`);
  const bytes = Number(m[1]) * SIZE_UNITS[(m[2] ?? '').toLowerCase()];
  if (bytes < 1024 || bytes > 64 * 1024 * 1024) throw new ConfigError(name, 'must be between 1kb and 64mb');
  return bytes;
}

export const DEFAULT_SQLITE_FILE = './data/rule-engine.sqlite';

export function parseDatabaseUrl(raw: string | undefined, schema: string | undefined): DatabaseConfig {
  if (raw === undefined || raw.trim() === '') return { kind: 'sqlite', file: path.resolve(DEFAULT_SQLITE_FILE) };
  const url = raw.trim();
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (file === '') throw new ConfigError('DATABASE_URL', 'sqlite: needs a file path, e.g. sqlite:./data/db.sqlite');
    return { kind: 'sqlite', file: file === ':memory:' ? file : path.resolve(file) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    try {
      new URL(url);
    } catch {
      throw new ConfigError('DATABASE_URL', 'is not a valid postgres:// URL');
    }
    if (schema !== undefined && schema !== '' && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
      throw new ConfigError('DATABASE_SCHEMA', 'must be a lower-case identifier');
    }
    return { kind: 'postgres', url, schema: schema || undefined };
  }
  throw new ConfigError('DATABASE_URL', 'must be unset, sqlite:<path> or postgres://...');
}

export function loadConfig(env: Env = process.env): AppConfig {
  const logLevel = (env.LOG_LEVEL ?? 'info').trim().toLowerCase() as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  const host = (env.HOST ?? '0.0.0.0').trim();
  if (host === '') throw new ConfigError('HOST', 'must not be empty');
  return {
    port: intVar(env, 'PORT', 3000, 0, 65535),
    host,
    database: parseDatabaseUrl(env.DATABASE_URL, env.DATABASE_SCHEMA),
    logLevel,
    orderDedupWindowSeconds: intVar(env, 'ORDER_DEDUP_WINDOW_SECONDS', 300, 1, 7 * 24 * 3600),
    allowPrivateNetworkTargets: boolVar(env, 'ALLOW_PRIVATE_NETWORK_TARGETS', false),
    bodyLimitBytes: sizeVar(env, 'BODY_LIMIT', 1024 * 1024),
    jwksTimeoutMs: intVar(env, 'JWKS_TIMEOUT_MS', 5000, 100, 60000),
    jwksCacheSeconds: intVar(env, 'JWKS_CACHE_SECONDS', 600, 1, 86400),
    localIssuerPrefix: (env.LOCAL_ISSUER_PREFIX ?? 'urn:rule-engine:tenant:').trim(),
    localAudience: (env.LOCAL_AUDIENCE ?? 'rule-engine-api').trim(),
    shutdownTimeoutMs: intVar(env, 'SHUTDOWN_TIMEOUT_MS', 10000, 0, 120000),
    workersEnabled: boolVar(env, 'WORKERS_ENABLED', true),
    orderWorkerPollMs: intVar(env, 'ORDER_WORKER_POLL_MS', 1000, 10, 60000),
    orderIntakeLeaseSeconds: intVar(env, 'ORDER_INTAKE_LEASE_SECONDS', 60, 1, 3600),
    webhookWorkerPollMs: intVar(env, 'WEBHOOK_WORKER_POLL_MS', 1000, 10, 60000),
    webhookTimeoutMs: intVar(env, 'WEBHOOK_TIMEOUT_MS', 10000, 100, 60000),
    webhookMaxAttempts: intVar(env, 'WEBHOOK_MAX_ATTEMPTS', 10, 1, 50),
    webhookBackoffBaseMs: intVar(env, 'WEBHOOK_BACKOFF_BASE_MS', 5000, 10, 3600000),
    webhookBackoffMaxMs: intVar(env, 'WEBHOOK_BACKOFF_MAX_MS', 3600000, 10, 86400000),
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
