import { HttpException } from '@nestjs/common';
import { DomainError, ErrorCode, FieldError } from './domain-error';
import { FailEnvelope, fail } from './envelope';

const BY_CODE: Record<ErrorCode, { status: number; name: string }> = {
  BAD_REQUEST: { status: 400, name: 'BadRequestError' },
  UNAUTHORIZED: { status: 401, name: 'UnauthorizedError' },
  INVALID_API_KEY: { status: 403, name: 'InvalidApiKeyError' },
  FORBIDDEN: { status: 403, name: 'ForbiddenError' },
  NOT_FOUND: { status: 404, name: 'NotFoundError' },
  CONFLICT: { status: 409, name: 'ConflictError' },
  PAYLOAD_TOO_LARGE: { status: 413, name: 'PayloadTooLargeError' },
  TOO_MANY_REQUESTS: { status: 429, name: 'TooManyRequestsError' },
  SERVICE_UNAVAILABLE: { status: 503, name: 'ServiceUnavailableError' },
  INTERNAL: { status: 500, name: 'InternalServerError' },
};

const BY_STATUS: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

export const GENERIC_500_MESSAGE = 'An unexpected error occurred';

/**
 * The single translation from anything thrown to the SPEC's fail envelope. Domain errors keep their
 * message; Nest's own HTTP exceptions keep theirs; anything else is a generic 500 whose message never
 * carries a stack, SQL or driver text.
 */
export function toFailEnvelope(err: unknown): { status: number; body: FailEnvelope; unexpected: boolean } {
  if (err instanceof DomainError) {
    const m = BY_CODE[err.code];
    const message = err.code === 'INTERNAL' ? GENERIC_500_MESSAGE : err.message;
    return { status: m.status, body: fail(m.name, m.status, message, err.errors), unexpected: err.code === 'INTERNAL' };
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const code = BY_STATUS[status];
    if (code) {
      const response = err.getResponse();
      const errors = typeof response === 'object' && response && 'errors' in response ? (response as { errors: FieldError[] }).errors : undefined;
      return { status, body: fail(BY_CODE[code].name, status, httpExceptionMessage(err), errors), unexpected: false };
    }
    if (status < 500) return { status, body: fail('BadRequestError', status, httpExceptionMessage(err)), unexpected: false };
  }
  if (isDatabaseUnavailable(err)) {
    return { status: 503, body: fail('ServiceUnavailableError', 503, 'The database is temporarily unavailable; try again shortly'), unexpected: false };
  }
  if (isUniqueViolation(err)) {
    return { status: 409, body: fail('ConflictError', 409, 'A conflicting record already exists'), unexpected: false };
  }
  return { status: 500, body: fail('InternalServerError', 500, GENERIC_500_MESSAGE), unexpected: true };
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EPIPE',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  'SQLITE_BUSY',
  'SQLITE_CANTOPEN',
]);
const UNAVAILABLE_MESSAGES = /Driver not Connected|database connection is not open|Connection terminated|timeout exceeded when trying to connect|Cannot use a pool after calling end/;

/**
 * The database cannot be reached (down, restarting, closed, out of connections, SQLite busy past its
 * timeout): a 503 the client may retry, on every route, rather than a 500.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown; driverError?: { code?: unknown; message?: unknown } } | null;
  if (!e || typeof e !== 'object') return false;
  const code = e.driverError?.code ?? e.code;
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  const message = `${typeof e.message === 'string' ? e.message : ''} ${typeof e.driverError?.message === 'string' ? e.driverError.message : ''}`;
  return UNAVAILABLE_MESSAGES.test(message);
}

/** A unique index refused a write that a concurrent request won (PostgreSQL 23505, SQLite UNIQUE). */
export function isUniqueViolation(err: unknown): boolean {
  const driverError = (err as { driverError?: { code?: unknown } })?.driverError;
  const code = driverError?.code ?? (err as { code?: unknown })?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

function httpExceptionMessage(err: HttpException): string {
  const response = err.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.join('; ');
  return err.message;
}
