import { ExecutionContext, SetMetadata, createParamDecorator } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity } from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import { AuthContext, AuthLevel } from './auth-context';

export const AUTH_LEVEL = 'auth:level';

/**
 * Declares who may call a route. `{}` = a user token; `{ admin: true }` = a token with
 * `admin:receipts`; `{ anonymous: true }` = the API key alone. Routes without it need the API key.
 */
export function Authenticated(opts: { admin?: boolean; anonymous?: boolean } = {}) {
  const level: AuthLevel = opts.admin ? 'admin' : opts.anonymous ? 'anonymous' : 'user';
  const docs = level === 'anonymous' ? [ApiSecurity('apiKey')] : [ApiSecurity('apiKey'), ApiBearerAuth('bearer')];
  return applyDecorators(SetMetadata(AUTH_LEVEL, level), ...docs);
}

/** No API key needed (health, metrics). */
export const Public = () => SetMetadata(AUTH_LEVEL, 'public' satisfies AuthLevel);

export const Auth = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthContext => {
  return ctx.switchToHttp().getRequest<{ auth: AuthContext }>().auth;
});
