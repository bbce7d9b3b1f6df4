import { inflateBasketRule, isFilterSafeProductId } from '../basket/basket-inflator';
import { BasketConfiguration, CatalogueContext, InflatedRule, RuleProperties, RuleType } from '../types';
import { ConditionScan, ConditionValidator } from './condition-validator';
import { hasOwn, isPlainObject, nameProblem, onlyKeys } from './guards';
import { copyJsonValue } from './json-value';
import { Issues } from './issues';
import { validateResultParams } from './result-params-validator';

const DEFINITION_KEYS = ['type', 'name', 'priority', 'ruleProperties', 'configuration', 'resultParams'];
const PRIORITY_MISMATCH = 'The priority must match the ruleProperties.priority!';
const NAME_MISMATCH = 'The name must match the ruleProperties.event.type!';

/**
 * Checks one rule. Two modes:
 * - definition (a catalogue is given): untrusted input as POSTed; unknown keys refused; BASKET rules are
 *   inflated from `configuration` (any `ruleProperties` sent with them is ignored and replaced) and their
 *   product and price come from the catalogue;
 * - stored (no catalogue): rules read back for compiling; every rule, BASKET included, must carry valid
 *   runnable `ruleProperties`; extra keys such as `id` are ignored.
 */
export class RuleValidator {
  private readonly conditions: ConditionValidator;

  constructor(
    private readonly catalogue: CatalogueContext | null,
    private readonly scan: ConditionScan,
    private readonly issues: Issues,
  ) {
    this.conditions = new ConditionValidator(scan, issues);
  }

  validate(raw: unknown, path: string): InflatedRule | null {
    const issues = this.issues;
    if (!isPlainObject(raw)) {
      issues.add(path, 'a rule definition must be an object');
      return null;
    }
    if (this.catalogue) onlyKeys(raw, DEFINITION_KEYS, path, (p, m) => issues.add(p, m));
    const before = issues.count;
    const type = raw.type;
    if (type !== 'CUSTOM' && type !== 'BASKET') issues.add(`${path}.type`, 'type must be CUSTOM or BASKET');
    const nameIssue = nameProblem(raw.name, 'name');
    if (nameIssue) issues.add(`${path}.name`, nameIssue);
    const priority = raw.priority;
    if (!Number.isSafeInteger(priority) || (priority as number) < 1) issues.add(`${path}.priority`, 'priority must be an integer >= 1');
    const resultParams = validateResultParams(raw.resultParams, `${path}.resultParams`, issues);
    if (issues.count > before) {
      // Without a valid type, name and priority the rest cannot be checked meaningfully.
      return null;
    }
    const name = raw.name as string;
    const configuration = this.configuration(type as RuleType, raw, path);
    if (issues.count > before) return null;
    const ruleProperties =
      type === 'BASKET' && this.catalogue
        ? this.inflate(name, priority as number, configuration, path)
        : this.ruleProperties(raw.ruleProperties, name, priority as number, `${path}.ruleProperties`);
    if (!ruleProperties || issues.count > before) return null;
    return { type: type as RuleType, name, priority: priority as number, ruleProperties, configuration, resultParams };
  }

  private ruleProperties(raw: unknown, name: string, priority: number, path: string): RuleProperties | null {
    const issues = this.issues;
    if (!isPlainObject(raw)) {
      issues.add(path, 'ruleProperties {conditions, event: {type}, priority} is required');
      return null;
    }
    onlyKeys(raw, ['conditions', 'event', 'priority'], path, (p, m) => issues.add(p, m));
    // The reference reports both mismatches on the rule's own field.
    if (raw.priority !== priority) issues.add(path.replace(/\.ruleProperties$/, '.priority'), PRIORITY_MISMATCH);
    const event = raw.event;
    let params: Record<string, unknown> | undefined;
    if (!isPlainObject(event)) {
      issues.add(`${path}.event`, 'event {type} is required');
    } else {
      onlyKeys(event, ['type', 'params'], `${path}.event`, (p, m) => issues.add(p, m));
      if (event.type !== name) issues.add(path.replace(/\.ruleProperties$/, '.name'), NAME_MISMATCH);
      if (hasOwn(event, 'params') && event.params !== undefined) {
        if (!isPlainObject(event.params)) issues.add(`${path}.event.params`, 'event.params must be an object');
        else params = copyJsonValue(event.params, `${path}.event.params`, issues, this.scan) as Record<string, unknown>;
      }
    }
    if (!hasOwn(raw, 'conditions')) {
      issues.add(`${path}.conditions`, 'conditions are required');
      return null;
    }
    const conditions = this.conditions.validateRoot(raw.conditions, `${path}.conditions`);
    return { conditions, event: params ? { type: name, params } : { type: name }, priority };
  }

  private configuration(type: RuleType, raw: Record<string, unknown>, path: string): BasketConfiguration | null {
    const issues = this.issues;
    const value = raw.configuration;
    const configPath = `${path}.configuration`;
    if (type === 'CUSTOM') {
      if (value !== undefined && value !== null) issues.add(configPath, 'configuration is only used by BASKET rules');
      return null;
    }
    if (!isPlainObject(value)) {
      issues.add(configPath, 'BASKET rules need configuration {productId, isUnitPriceCheckNeeded, overridingUnitPriceToCheckAgainst?}');
      return null;
    }
    onlyKeys(value, ['productId', 'isUnitPriceCheckNeeded', 'overridingUnitPriceToCheckAgainst'], configPath, (p, m) => issues.add(p, m));
    const { productId, isUnitPriceCheckNeeded, overridingUnitPriceToCheckAgainst: override } = value;
    if (typeof productId !== 'string' || productId.length === 0 || productId.length > 255) {
      issues.add(`${configPath}.productId`, 'productId must be a non-empty string');
    } else if (!isFilterSafeProductId(productId)) {
      issues.add(`${configPath}.productId`, 'productId contains characters that cannot be used in a path filter (quotes, brackets, parentheses, @, control characters)');
    } else if (this.catalogue && !this.catalogue.products.has(productId)) {
      issues.add(`${configPath}.productId`, `Unknown product "${productId}"`);
    }
    if (typeof isUnitPriceCheckNeeded !== 'boolean') issues.add(`${configPath}.isUnitPriceCheckNeeded`, 'isUnitPriceCheckNeeded must be true or false');
    if (override !== undefined && override !== null && !(typeof override === 'number' && Number.isFinite(override))) {
      issues.add(`${configPath}.overridingUnitPriceToCheckAgainst`, 'overridingUnitPriceToCheckAgainst must be a number');
    }
    const out: BasketConfiguration = { productId: productId as string, isUnitPriceCheckNeeded: isUnitPriceCheckNeeded as boolean };
    if (typeof override === 'number') out.overridingUnitPriceToCheckAgainst = override;
    return out;
  }

  private inflate(name: string, priority: number, configuration: BasketConfiguration | null, path: string): RuleProperties | null {
    if (!configuration || !this.catalogue) return null;
    let price: number | null = null;
    if (configuration.isUnitPriceCheckNeeded) {
      const catalogue = this.catalogue.products.get(configuration.productId)?.price;
      price = configuration.overridingUnitPriceToCheckAgainst ?? (typeof catalogue === 'number' && Number.isFinite(catalogue) ? catalogue : null);
      if (price === null) {
        this.issues.add(
          `${path}.configuration.overridingUnitPriceToCheckAgainst`,
          'The product has no catalogue price: set configuration.overridingUnitPriceToCheckAgainst',
        );
        return null;
      }
    }
    const inflated = inflateBasketRule(name, priority, configuration.productId, price);
    // Inflated conditions count towards the set's limits and register their paths like any others.
    this.conditions.validateRoot(inflated.conditions, `${path}.ruleProperties.conditions`);
    return inflated;
  }
}
