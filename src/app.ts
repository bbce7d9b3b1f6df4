import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { AppConfig } from './config/config';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { EnvelopeInterceptor } from './common/envelope.interceptor';
import { createValidationPipe } from './common/validation';
import { bodyParserErrorHandler, jsonBodyParser } from './common/body-parsing';
import { PinoNestLogger, createLogger, requestLogging } from './ops/logger';
import { Metrics } from './ops/metrics';

/**
 * Builds the application exactly as production runs it; main.ts and the e2e suite both call this,
 * so tests exercise the real middleware, pipes, filters and docs.
 */
export async function createApp(config: AppConfig, logger: Logger = createLogger(config.logLevel)): Promise<NestExpressApplication> {
  const metrics = new Metrics();
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config, metrics), {
    bodyParser: false,
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.set('query parser', 'simple');
  app.use(requestLogging(logger));
  app.use(metrics.middleware());
  app.use(...jsonBodyParser(config.bodyLimitBytes));
  app.use(bodyParserErrorHandler);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.useGlobalInterceptors(new EnvelopeInterceptor());

  const docs = new DocumentBuilder()
    .setTitle('Transaction rule-engine service')
    .setDescription('Receipts, orders and the transactions rule engine (White Label Loyalty compatible). Every response is an envelope.')
    .setVersion('0.1.0')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, 'apiKey')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, docs), { jsonDocumentUrl: 'docs-json' });

  app.enableShutdownHooks();
  return app;
}
