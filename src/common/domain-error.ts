/**
 * Errors raised by domain code carry a stable `code` and never import @nestjs/common.
 * One exception filter (src/common/http-exception.filter.ts) maps codes to the SPEC envelope.
 */
export type ErrorCode =
  | 'BAD_REQUEST'
  | 'INVALID_API_KEY'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'TOO_MANY_REQUESTS'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL';

export interface FieldError {
  /** Dotted/bracketed path into the request, e.g. `ruleDefinitions[1].priority`. */
  path: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequestError extends DomainError {
  constructor(message: string, errors?: FieldError[]) {
    super('BAD_REQUEST', message, errors);
  }
}

export class NotFoundError extends DomainError {
  constructor(message = 'Not found') {
    super('NOT_FOUND', message);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string) {
    super('CONFLICT', message);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(message = 'A valid bearer token is required') {
    super('UNAUTHORIZED', message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'This operation needs the admin:receipts scope') {
    super('FORBIDDEN', message);
  }
}

export class InvalidApiKeyError extends DomainError {
  constructor(message = 'A valid X-Api-Key header is required') {
    super('INVALID_API_KEY', message);
  }
}

export class ServiceUnavailableError extends DomainError {
  constructor(message = 'The service is temporarily unavailable') {
    super('SERVICE_UNAVAILABLE', message);
  }
}
