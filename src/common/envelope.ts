import { FieldError } from './domain-error';

export interface SuccessEnvelope<T> {
  status: 'success';
  data: T;
}

export interface FailEnvelope {
  status: 'fail';
  data: { name: string; httpCode: number; message: string; errors?: FieldError[] };
}

export function success<T>(data: T): SuccessEnvelope<T> {
  return { status: 'success', data };
}

export function fail(name: string, httpCode: number, message: string, errors?: FieldError[]): FailEnvelope {
  return { status: 'fail', data: errors && errors.length ? { name, httpCode, message, errors } : { name, httpCode, message } };
}

/** A handler result sent as it is, not in an envelope (Prometheus text, for instance). */
export class RawText {
  constructor(readonly text: string) {}
}
