import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../database/column-types';
import type { BasketConfiguration, ResultParams, RuleProperties } from '../rule-engine';

export type TransactionType = 'RECEIPT' | 'ORDER';

@Entity('rule_sets')
@Index('IDX_rule_sets_selection', ['tenantId', 'isActive', 'updatedAt'])
export class RuleSetEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36 })
  tenantId!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  name!: string | null;

  @Column({ type: 'boolean' })
  isActive!: boolean;

  @Column({ type: 'simple-json' })
  transactionTypes!: TransactionType[];

  /** Bumped on every change; compiled rule sets are cached per (id, version). */
  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: TIMESTAMP })
  createdAt!: Date;

  @Column({ type: TIMESTAMP })
  updatedAt!: Date;

  @Column({ type: TIMESTAMP, nullable: true })
  deletedAt!: Date | null;
}

@Entity('rules')
@Index('IDX_rules_rule_set', ['ruleSetId', 'position'])
export class RuleEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36 })
  tenantId!: string;

  @Column({ type: 'varchar', length: 36 })
  ruleSetId!: string;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  type!: 'CUSTOM' | 'BASKET';

  @Column({ type: 'integer' })
  priority!: number;

  @Column({ type: 'simple-json' })
  ruleProperties!: RuleProperties;

  @Column({ type: 'simple-json' })
  resultParams!: ResultParams;

  @Column({ type: 'simple-json', nullable: true })
  configuration!: BasketConfiguration | null;

  @Column({ type: TIMESTAMP })
  createdAt!: Date;

  @Column({ type: TIMESTAMP })
  updatedAt!: Date;
}

/** Which venues and products a rule set's rules name; kept in step with the rules for the 409 checks. */
@Entity('rule_set_references')
@Index('IDX_rule_set_references_target', ['tenantId', 'kind', 'targetId'])
@Index('IDX_rule_set_references_rule_set', ['ruleSetId'])
export class RuleSetReferenceEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36 })
  tenantId!: string;

  @Column({ type: 'varchar', length: 36 })
  ruleSetId!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: 'VENUE' | 'PRODUCT';

  @Column({ type: 'varchar', length: 200 })
  targetId!: string;
}
