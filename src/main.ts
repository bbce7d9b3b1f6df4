import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/config';
import { createApp } from './app';
import { createLogger } from './ops/logger';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const app = await createApp(config, logger);
  const server = await app.listen(config.port, config.host);
  server.keepAliveTimeout = 65_000;
  const where = config.database.kind === 'sqlite' ? `sqlite:${config.database.file}` : 'postgres';
  logger.info({ port: config.port, host: config.host, database: where }, 'listening');

  // enableShutdownHooks closes Nest on SIGTERM/SIGINT; this bounds how long draining may take.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'shutting down');
      setTimeout(() => process.exit(1), config.shutdownTimeoutMs).unref();
    });
  }
}

main().catch((err) => {
  process.stderr.write(`Start-up failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
