import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable, map } from 'rxjs';
import { RawText, success } from './envelope';

/** Wraps every handler's return value in the success envelope; 204 handlers return nothing. */
@Injectable()
export class EnvelopeInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(map((data) => (data === undefined ? undefined : data instanceof RawText ? data.text : success(data))));
  }
}
