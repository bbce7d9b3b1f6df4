import { ValidationError, ValidationPipe } from '@nestjs/common';
import { BadRequestError, FieldError } from './domain-error';

/** Flattens class-validator's tree into `[{path: 'a.b[2].c', message}]`. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const segment = /^\d+$/.test(e.property) ? `[${e.property}]` : parent ? `.${e.property}` : e.property;
    const path = parent + segment;
    for (const message of Object.values(e.constraints ?? {})) {
      out.push({ path, message: message.replace(/^property (\S+) should not exist$/, 'property $1 is not allowed') });
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, path));
  }
  return out;
}

/** The one global ValidationPipe: whitelist, refuse unknown properties, transform, and the SPEC's error list. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const list = flattenValidationErrors(errors);
      return new BadRequestError(list.length ? `Validation failed: ${list[0].path} ${list[0].message}` : 'Validation failed', list);
    },
  });
}
