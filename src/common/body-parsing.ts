import express, { ErrorRequestHandler, RequestHandler } from 'express';
import { fail } from './envelope';

export const MAX_JSON_DEPTH = 32;

/** Depth of a parsed JSON value; stops counting once past `limit` so hostile input costs little. */
export function jsonDepthExceeds(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

function hasForbiddenKey(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (!Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, '__proto__')) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push(child);
  }
  return false;
}

/**
 * JSON body parsing owned by us rather than Nest's default, so every parser failure (malformed JSON,
 * body over the limit, wrong charset) and the depth limit answer with the SPEC envelope.
 */
export function jsonBodyParser(limitBytes: number): RequestHandler[] {
  const parse = express.json({ limit: limitBytes, strict: false, type: ['application/json', 'application/*+json'] });
  const checks: RequestHandler = (req, res, next) => {
    if (req.body === undefined || req.body === null || typeof req.body !== 'object') return next();
    if (jsonDepthExceeds(req.body, MAX_JSON_DEPTH)) {
      res.status(400).json(fail('BadRequestError', 400, `JSON nested deeper than ${MAX_JSON_DEPTH} levels is not accepted`));
      return;
    }
    if (hasForbiddenKey(req.body)) {
      res.status(400).json(fail('BadRequestError', 400, 'The key "__proto__" is not accepted'));
      return;
    }
    next();
  };
  return [parse, checks];
}

export const bodyParserErrorHandler: ErrorRequestHandler = (err, _req, res, next) => {
  const type = (err as { type?: string }).type;
  if (type === 'entity.too.large') {
    res.status(413).json(fail('PayloadTooLargeError', 413, 'The request body is too large'));
    return;
  }
  if (type === 'entity.parse.failed') {
    res.status(400).json(fail('BadRequestError', 400, 'The request body is not valid JSON'));
    return;
  }
  if (type === 'charset.unsupported' || type === 'encoding.unsupported' || type === 'request.aborted' || type === 'request.size.invalid') {
    res.status(400).json(fail('BadRequestError', 400, 'The request body could not be read'));
    return;
  }
  next(err);
};
