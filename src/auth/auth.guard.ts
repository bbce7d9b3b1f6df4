import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ForbiddenError, InvalidApiKeyError, UnauthorizedError } from '../common/domain-error';
import { TenantsService } from '../tenants/tenants.service';
import { AuthContext, AuthLevel } from './auth-context';
import { AUTH_LEVEL } from './authenticated.decorator';
import { TokenVerifier } from './token-verifier';

/**
 * The one guard. Order matters and follows the SPEC table: API key (403 InvalidApiKeyError), then
 * bearer token (401 UnauthorizedError), then the admin scope (403 ForbiddenError).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tenants: TenantsService,
    private readonly tokens: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const level =
      this.reflector.getAllAndOverride<AuthLevel | undefined>(AUTH_LEVEL, [context.getHandler(), context.getClass()]) ?? 'anonymous';
    if (level === 'public') return true;
    const req = context.switchToHttp().getRequest<Request & { auth?: AuthContext }>();

    const apiKey = req.headers['x-api-key'];
    if (typeof apiKey !== 'string' || apiKey.length === 0 || apiKey.length > 200) throw new InvalidApiKeyError();
    const tenant = await this.tenants.findByApiKey(apiKey);
    if (!tenant) throw new InvalidApiKeyError();

    const auth: AuthContext = { tenant, user: null, isAdmin: false };
    req.auth = auth;
    if (level === 'anonymous') return true;

    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) throw new UnauthorizedError('A bearer token is required');
    if (match[1].length > 8192) throw new UnauthorizedError('The bearer token is not valid');
    const { user, isAdmin } = await this.tokens.verify(tenant, match[1]);
    auth.user = user;
    auth.isAdmin = isAdmin;
    if (level === 'admin' && !isAdmin) throw new ForbiddenError();
    return true;
  }
}
