import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { CatalogueContext, RuleSetValidationError, VenueData, compileRuleSet, validateRuleDefinitions } from './index';

/**
 * Table-driven engine cases from test/fixtures/engine/*.json:
 * `{name, ruleSet: {ruleDefinitions}, transaction, venues?, products?, expected}` where `expected` is
 * `{response, trace?, stoppedBy?}` for a run or `{error: {path, message}}` for a refused rule set.
 */
interface Fixture {
  name: string;
  ruleSet: { ruleDefinitions: unknown };
  transaction: Record<string, unknown>;
  venues?: VenueData[];
  products?: Array<{ id: string; price?: number | null }>;
  expected:
    | { response: Record<string, unknown>; trace?: unknown[]; stoppedBy?: string | null }
    | { error: { path: string; message: string } };
}

const dir = join(__dirname, '..', '..', 'test', 'fixtures', 'engine');
const fixtures: Array<[string, Fixture]> = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => [f, JSON.parse(readFileSync(join(dir, f), 'utf8')) as Fixture]);

describe('engine fixtures', () => {
  it('has a meaningful table', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(8);
    expect(fixtures.some(([, f]) => f.name.startsWith('Deeset Rules'))).toBe(true);
  });

  it.each(fixtures)('%s', async (_file, fixture) => {
    const venues = fixture.venues ?? [];
    const catalogue: CatalogueContext = {
      products: new Map((fixture.products ?? []).map((p) => [p.id, { price: p.price }])),
      venueIds: new Set(venues.map((v) => v.id)),
    };
    const expected = fixture.expected;
    if ('error' in expected) {
      let thrown: unknown;
      try {
        validateRuleDefinitions(fixture.ruleSet.ruleDefinitions, catalogue);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(RuleSetValidationError);
      const error = thrown as RuleSetValidationError;
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.errors[0]).toEqual(expected.error);
      expect(error.message).toBe(expected.error.message);
      return;
    }
    const rules = validateRuleDefinitions(fixture.ruleSet.ruleDefinitions, catalogue);
    // What is stored must compile again on its own (the service re-validates stored data).
    const compiled = compileRuleSet(JSON.parse(JSON.stringify(rules)));
    const result = await compiled.evaluate(fixture.transaction, { venues: new Map(venues.map((v) => [v.id, v])) });
    expect(result.response).toStrictEqual(expected.response);
    if (expected.trace !== undefined) expect(result.trace).toStrictEqual(expected.trace);
    if (expected.stoppedBy !== undefined) expect(result.stoppedBy).toBe(expected.stoppedBy);
    // The trace always holds exactly the rules that ran, each once.
    expect(new Set(result.trace.map((t) => t.rule)).size).toBe(result.trace.length);
  });
});
