import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/config';
import { GuardedHttpClient } from '../common/http/guarded-http-client';

/** The one outbound HTTP client for every URL fetched on a tenant's behalf (JWKS, webhooks, pictures). */
export const OUTBOUND_HTTP = Symbol('OUTBOUND_HTTP');

@Global()
@Module({
  providers: [
    {
      provide: OUTBOUND_HTTP,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new GuardedHttpClient({ allowPrivateNetworkTargets: config.allowPrivateNetworkTargets }),
    },
  ],
  exports: [OUTBOUND_HTTP],
})
export class OutboundModule {}
