import { NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { BadRequestError, ConflictError, DomainError, InvalidApiKeyError } from './domain-error';
import { GENERIC_500_MESSAGE, toFailEnvelope } from './error-mapping';

describe('toFailEnvelope', () => {
  it('maps domain errors to the SPEC names and codes, keeping field errors', () => {
    const r = toFailEnvelope(new BadRequestError('bad', [{ path: 'a[0].b', message: 'must be a number' }]));
    expect(r).toEqual({
      status: 400,
      unexpected: false,
      body: { status: 'fail', data: { name: 'BadRequestError', httpCode: 400, message: 'bad', errors: [{ path: 'a[0].b', message: 'must be a number' }] } },
    });
    expect(toFailEnvelope(new InvalidApiKeyError()).body.data).toMatchObject({ name: 'InvalidApiKeyError', httpCode: 403 });
    expect(toFailEnvelope(new ConflictError('taken')).body.data).toMatchObject({ name: 'ConflictError', httpCode: 409, message: 'taken' });
  });

  it("maps Nest's own exceptions", () => {
    expect(toFailEnvelope(new NotFoundException('Cannot GET /x')).body.data).toEqual({ name: 'NotFoundError', httpCode: 404, message: 'Cannot GET /x' });
    expect(toFailEnvelope(new PayloadTooLargeException()).status).toBe(413);
  });

  it('hides everything about unexpected errors, SQL and stacks included', () => {
    const err = new Error('SQLITE_ERROR: no such column: "secret" in SELECT * FROM tenants');
    const r = toFailEnvelope(err);
    expect(r).toEqual({ status: 500, unexpected: true, body: { status: 'fail', data: { name: 'InternalServerError', httpCode: 500, message: GENERIC_500_MESSAGE } } });
    expect(toFailEnvelope(new DomainError('INTERNAL', 'db password is hunter2')).body.data.message).toBe(GENERIC_500_MESSAGE);
    expect(toFailEnvelope('a string').status).toBe(500);
  });

  it('turns a unique-index race into 409, not 500', () => {
    expect(toFailEnvelope({ driverError: { code: '23505' } }).body.data).toMatchObject({ name: 'ConflictError', httpCode: 409 });
    expect(toFailEnvelope({ driverError: { code: 'SQLITE_CONSTRAINT_UNIQUE' } }).status).toBe(409);
  });

  it.each([
    ['PostgreSQL refusing connections', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a closed pool', Object.assign(new Error('Driver not Connected'), { name: 'TypeORMError' })],
    ['a closed SQLite file', { message: 'TypeError: The database connection is not open', driverError: new TypeError('The database connection is not open') }],
    ['PostgreSQL shutting down', { message: 'terminating connection', driverError: { code: '57P01' } }],
    ['a connection exception class', { message: 'x', driverError: { code: '08006' } }],
    ['SQLite busy past its timeout', { message: 'database is locked', driverError: { code: 'SQLITE_BUSY' } }],
  ])('answers 503 when the database is unavailable: %s', (_label, err) => {
    const r = toFailEnvelope(err);
    expect(r.status).toBe(503);
    expect(r.body.data).toEqual({ name: 'ServiceUnavailableError', httpCode: 503, message: 'The database is temporarily unavailable; try again shortly' });
  });

  it('keeps other driver errors a generic 500', () => {
    expect(toFailEnvelope({ message: 'syntax error at or near "x"', driverError: { code: '42601' } }).status).toBe(500);
  });
});
