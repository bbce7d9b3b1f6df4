import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig } from '../config/config';
import { dataSourceOptions } from '../database/data-source-options';
import { createDataSource } from '../database/create-data-source';
import { DomainError } from '../common/domain-error';
import { TenantProvisioning } from '../tenants/tenant-provisioning';
import { parseArgs } from './args';

const USAGE = `Usage:
  cli tenant create --name <name> [--timezone <IANA zone>] [--json]
  cli tenant set-auth --tenant <slug> --issuer <iss> (--jwks-url <url> | --jwks-file <path>) [--audience <aud>] [--algorithms RS256,ES256]
  cli token mint --tenant <slug> --sub <authIdentifier> [--admin] [--name <name>] [--ttl <seconds>]`;

async function run(argv: string[]): Promise<string> {
  const [group, command, ...rest] = argv;
  const config = loadConfig();
  const ds = await createDataSource(dataSourceOptions(config.database)); // runs pending migrations, so a fresh database works straight away
  try {
    const provisioning = new TenantProvisioning(ds, { issuerPrefix: config.localIssuerPrefix, audience: config.localAudience });
    if (group === 'tenant' && command === 'create') {
      const args = parseArgs(rest, { values: ['name', 'timezone'], switches: ['json'] });
      if (typeof args.name !== 'string') throw new Error('--name is required');
      const created = await provisioning.createTenant({ name: args.name, timezone: args.timezone as string | undefined });
      if (args.json) return JSON.stringify(created);
      return [
        `Tenant created: ${created.slug} (${created.id})`,
        `API key (shown once, store it now): ${created.apiKey}`,
        `Token issuer: ${created.issuer}`,
      ].join('\n');
    }
    if (group === 'tenant' && command === 'set-auth') {
      const args = parseArgs(rest, { values: ['tenant', 'issuer', 'jwks-url', 'jwks-file', 'audience', 'algorithms'], switches: [] });
      if (typeof args.tenant !== 'string') throw new Error('--tenant is required');
      if (typeof args.issuer !== 'string') throw new Error('--issuer is required');
      let jwks: unknown;
      if (typeof args['jwks-file'] === 'string') {
        try {
          jwks = JSON.parse(readFileSync(args['jwks-file'], 'utf8'));
        } catch {
          throw new Error(`--jwks-file ${args['jwks-file']} is not a readable JSON file`);
        }
      }
      const auth = await provisioning.setAuthentication({
        slug: args.tenant,
        issuer: args.issuer,
        jwksUrl: typeof args['jwks-url'] === 'string' ? args['jwks-url'] : undefined,
        jwks,
        audience: typeof args.audience === 'string' ? args.audience : undefined,
        algorithms: typeof args.algorithms === 'string' ? args.algorithms.split(',').map((a) => a.trim()).filter(Boolean) : undefined,
      });
      return JSON.stringify({ issuer: auth.issuer, jwksUrl: auth.jwksUrl, keys: auth.jwks?.keys.length ?? null, algorithms: auth.algorithms, audience: auth.audience });
    }
    if (group === 'token' && command === 'mint') {
      const args = parseArgs(rest, { values: ['tenant', 'sub', 'name', 'ttl'], switches: ['admin'] });
      if (typeof args.tenant !== 'string') throw new Error('--tenant is required');
      if (typeof args.sub !== 'string') throw new Error('--sub is required');
      let ttlSeconds: number | undefined;
      if (args.ttl !== undefined) {
        if (!/^\d+$/.test(String(args.ttl))) throw new Error('--ttl must be a whole number of seconds');
        ttlSeconds = Number(args.ttl);
      }
      return await provisioning.mintToken({
        slug: args.tenant,
        sub: args.sub,
        admin: args.admin === true,
        name: typeof args.name === 'string' ? args.name : undefined,
        ttlSeconds,
      });
    }
    throw new Error(`unknown command "${[group, command].filter(Boolean).join(' ')}"`);
  } finally {
    await ds.destroy();
  }
}

run(process.argv.slice(2)).then(
  (out) => {
    process.stdout.write(`${out}\n`);
  },
  (err: unknown) => {
    const message = err instanceof ConfigError || err instanceof DomainError || err instanceof Error ? err.message : String(err);
    process.stderr.write(`error: ${message}\n${err instanceof DomainError || err instanceof ConfigError ? '' : `${USAGE}\n`}`);
    process.exitCode = 2;
  },
);
