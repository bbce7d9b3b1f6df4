import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TenantsModule } from '../tenants/tenants.module';
import { AuthGuard } from './auth.guard';
import { TokenVerifier } from './token-verifier';
import { JWKS_FETCHER } from './jwks-fetcher';
import { OUTBOUND_HTTP, OutboundModule } from '../outbound/outbound.module';
import type { GuardedHttpClient } from '../common/http/guarded-http-client';

@Global()
@Module({
  imports: [TenantsModule, OutboundModule],
  providers: [
    TokenVerifier,
    {
      provide: JWKS_FETCHER,
      inject: [OUTBOUND_HTTP],
      useFactory: (http: GuardedHttpClient) => async (url: string, timeoutMs: number) => {
        const res = await http.request({ url, method: 'GET', timeoutMs, maxBytes: 256 * 1024, headers: { accept: 'application/json' } });
        if (res.status !== 200) throw new Error(`JWKS answered ${res.status}`);
        return JSON.parse(res.body.toString('utf8'));
      },
    },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [TokenVerifier],
})
export class AuthModule {}
