/**
 * Rule-engine benchmark: plain json-rules-engine (a new Engine per evaluation, its default jsonpath-plus
 * resolver, result params applied in event handlers) against our compiled rule sets, on the Deeset
 * shape (BASKET rules with unit-price filter paths, a CUSTOM rule, venueMatches, a chained final check)
 * at 3, 30 and 300 line items. Run: npx ts-node --transpile-only bench/engine/run.ts
 */
import { Almanac, Engine, RuleResult } from 'json-rules-engine';
import { isDeepStrictEqual } from 'util';
import { CatalogueContext, InflatedRule, VenueData, compileRuleSet, validateRuleDefinitions } from '../../src/rule-engine';
import { venueMatches } from '../../src/rule-engine/operators/venue-matches';

const SIZES = [3, 30, 300];
/** Per size and engine; spent in alternating slices so both engines see the same machine load. */
const TIME_BUDGET_MS = 3500;
const SLICE_MS = 250;
const MAX_ITERATIONS = 50_000;
const WARMUP_ITERATIONS = 200;

const PRODUCTS = ['c1417eb1-ff83-4027-a5ae-b5bde2984ef6', 'c94074f6-42e2-413a-a803-edff365b1b62', '5f0d9a3e-2f4b-4c51-9a8e-0c6f1d2b7e11', '8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d'];
const VENUE = 'bfc3b90e-c05a-487c-ab70-03ff9ea0caaf';
const ITEMS = '$.transaction.lineItems[*].productId';
const pricePath = (p: string): string => `$.transaction.lineItems[?(@.productId==='${p}')].unitPrice`;
const kv = (pairs: Array<[string, unknown]>): Array<{ key: string; value: unknown }> => pairs.map(([key, value]) => ({ key, value }));
const custom = (name: string, priority: number, conditions: unknown, success: Array<[string, unknown]>, failure: Array<[string, unknown]>): Record<string, unknown> => ({
  type: 'CUSTOM',
  name,
  priority,
  resultParams: { success: kv(success), failure: kv(failure) },
  ruleProperties: { conditions, event: { type: name }, priority },
});
const basket = (name: string, priority: number, productId: string, price: number): Record<string, unknown> => ({
  type: 'BASKET',
  name,
  priority,
  configuration: { productId, isUnitPriceCheckNeeded: true, overridingUnitPriceToCheckAgainst: price },
  resultParams: { success: kv([[name, true]]), failure: kv([[name, false]]) },
});

const definitions = [
  custom(
    'prawns-present',
    10,
    {
      all: [
        { any: [{ fact: 'request', operator: 'contains', value: PRODUCTS[0], path: ITEMS }, { fact: 'request', operator: 'equal', value: PRODUCTS[0], path: ITEMS }] },
        { any: [{ fact: 'request', operator: 'contains', value: 12.2, path: pricePath(PRODUCTS[0]) }, { fact: 'request', operator: 'equal', value: 12.2, path: pricePath(PRODUCTS[0]) }] },
      ],
    },
    [['prawnsPresent', true]],
    [['prawnsPresent', false]],
  ),
  basket('pepsiPresent', 9, PRODUCTS[1], 10.2),
  basket('crispsPresent', 9, PRODUCTS[2], 1.5),
  basket('beerPresent', 8, PRODUCTS[3], 5.4),
  custom('venue-is-corn-exchange', 5, { all: [{ fact: 'request', operator: 'venueMatches', value: VENUE }] }, [['verdict', 'ABSTAIN'], ['stopRuleEngine', false], ['inCornExchange', true]], [['verdict', 'REJECT'], ['stopRuleEngine', true], ['inCornExchange', false]]),
  custom(
    'final-check',
    4,
    { all: ['inCornExchange', 'pepsiPresent', 'prawnsPresent', 'crispsPresent'].map((fact) => ({ fact, operator: 'equal', value: true })) },
    [['finalCheckPass', true]],
    [['finalCheckPass', false]],
  ),
];

const catalogue: CatalogueContext = { products: new Map(PRODUCTS.map((p) => [p, { price: 1 }])), venueIds: new Set([VENUE]) };
const venues = new Map<string, VenueData>([[VENUE, { id: VENUE, locationIdentifiers: ['CORN-EXCHANGE'] }]]);
const PRICES = [12.2, 10.2, 1.5, 5.4];

function transaction(size: number, seed: number): Record<string, unknown> {
  const lineItems = Array.from({ length: size }, (_, i) => {
    const k = (i * 7 + seed) % 11;
    const productId = k < 4 ? PRODUCTS[k] : `other-${k}-${i}`;
    return { productId, description: `item ${i}`, quantity: 1 + (i % 3), unitPrice: k < 4 ? PRICES[k] : 2 + (i % 5) };
  });
  return { type: 'RECEIPT', locationIdentifier: seed % 5 === 0 ? 'ELSEWHERE' : 'CORN-EXCHANGE', total: 100, lineItems };
}

/** Plain json-rules-engine, the way an integration without our module would run it. */
async function plainEvaluate(rules: InflatedRule[], tx: Record<string, unknown>): Promise<Record<string, unknown>> {
  const engine = new Engine([], { allowUndefinedFacts: true });
  engine.addOperator('venueMatches', (fact: unknown, value: unknown) => venueMatches(fact, value, venues));
  const byName = new Map(rules.map((r) => [r.name, r]));
  for (const r of rules) engine.addRule({ conditions: r.ruleProperties.conditions as never, event: r.ruleProperties.event, priority: r.priority, name: r.name });
  const response: Record<string, unknown> = {};
  const severity: Record<string, number> = { AUTHORIZE: 1, ABSTAIN: 2, REJECT: 3 };
  const apply = (passed: boolean) => (_e: unknown, almanac: Almanac, result: RuleResult) => {
    let stop = false;
    for (const { key, value } of byName.get(result.name)!.resultParams[passed ? 'success' : 'failure']) {
      if (key === 'stopRuleEngine') stop = value === true;
      else if (key === 'verdict') {
        if (response.verdict === undefined || (severity[value as string] ?? 0) > (severity[response.verdict as string] ?? 0)) response.verdict = value;
        almanac.addRuntimeFact('verdict', response.verdict);
        almanac.addRuntimeFact('reason', undefined);
      } else {
        response[key] = value;
        almanac.addRuntimeFact(key, value);
      }
    }
    if (stop) engine.stop();
  };
  engine.on('success', apply(true));
  engine.on('failure', apply(false));
  await engine.run({ request: { transaction: tx } });
  return response;
}

interface Cell {
  evalsPerSecond: number;
  p50: number;
  p99: number;
  iterations: number;
}

type Run = (tx: Record<string, unknown>) => Promise<unknown>;

/** Runs `run` sequentially for about `ms`, appending each latency (ms); returns the time spent. */
async function slice(run: Run, transactions: Record<string, unknown>[], ms: number, latencies: number[]): Promise<number> {
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(ms) * 1_000_000n;
  let now = started;
  while (latencies.length < MAX_ITERATIONS && now < deadline) {
    const t0 = process.hrtime.bigint();
    await run(transactions[latencies.length % transactions.length]);
    now = process.hrtime.bigint();
    latencies.push(Number(now - t0) / 1e6);
  }
  return Number(now - started) / 1e6;
}

function summarise(latencies: number[], totalMs: number): Cell {
  latencies.sort((a, b) => a - b);
  const pct = (p: number): number => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  return { evalsPerSecond: (latencies.length / totalMs) * 1000, p50: pct(0.5), p99: pct(0.99), iterations: latencies.length };
}

/** Measures both engines in alternating slices, so background load hits both alike. */
async function measurePair(a: Run, b: Run, transactions: Record<string, unknown>[]): Promise<[Cell, Cell]> {
  for (let i = 0; i < WARMUP_ITERATIONS; i++) {
    await a(transactions[i % transactions.length]);
    await b(transactions[i % transactions.length]);
  }
  const [la, lb]: number[][] = [[], []];
  let [ta, tb] = [0, 0];
  for (let spent = 0; spent < TIME_BUDGET_MS; spent += SLICE_MS) {
    ta += await slice(a, transactions, SLICE_MS, la);
    tb += await slice(b, transactions, SLICE_MS, lb);
  }
  return [summarise(la, ta), summarise(lb, tb)];
}

async function main(): Promise<void> {
  const rules = validateRuleDefinitions(definitions, catalogue);
  const compiled = compileRuleSet(rules);
  const ours = async (tx: Record<string, unknown>): Promise<unknown> => (await compiled.evaluate(tx, { venues })).response;
  const plain = (tx: Record<string, unknown>): Promise<unknown> => plainEvaluate(rules, tx);

  const rows: string[] = [];
  const fmt = (n: number, d = 1): string => n.toFixed(d);
  rows.push('| line items | engine | evals/s | p50 ms | p99 ms | iterations | speed-up |');
  rows.push('|---:|---|---:|---:|---:|---:|---:|');
  for (const size of SIZES) {
    const transactions = Array.from({ length: 16 }, (_, seed) => transaction(size, seed));
    // Same answers, or the comparison means nothing.
    for (const tx of transactions) {
      const [a, b] = [await ours(tx), await plain(tx)];
      if (!isDeepStrictEqual(a, b)) throw new Error(`results differ at ${size} items: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    }
    const [p, o] = await measurePair(plain, ours, transactions);
    const ratio = o.evalsPerSecond / p.evalsPerSecond;
    rows.push(`| ${size} | plain json-rules-engine + jsonpath-plus | ${fmt(p.evalsPerSecond, 0)} | ${fmt(p.p50, 3)} | ${fmt(p.p99, 3)} | ${p.iterations} | |`);
    rows.push(`| ${size} | ours (compiled, pooled) | ${fmt(o.evalsPerSecond, 0)} | ${fmt(o.p50, 3)} | ${fmt(o.p99, 3)} | ${o.iterations} | ${fmt(ratio, 1)}x |`);
  }
  console.log(`Node ${process.version}, ${definitions.length} rules (Deeset shape), sequential evaluations, ${TIME_BUDGET_MS} ms per cell in ${SLICE_MS} ms alternating slices\n`);
  console.log(rows.join('\n'));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
