import Ajv, { ValidateFunction } from 'ajv';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ajv = new Ajv({ allErrors: true, strict: false });
const cache = new Map<string, ValidateFunction>();

/** Asserts a response body validates against a JSON Schema transcribed from the reference into test/fixtures/schemas. */
export function expectSchema(name: string, body: unknown): void {
  let validate = cache.get(name);
  if (!validate) {
    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'schemas', `${name}.json`), 'utf8'));
    delete schema.$schema;
    validate = ajv.compile(schema);
    cache.set(name, validate);
  }
  const ok = validate(body);
  if (!ok) throw new Error(`response does not match schema ${name}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 500)}`);
}
