import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';

const TYPES = ['RECEIPT', 'ORDER'] as const;

/**
 * Rule definitions are validated by the rule engine itself (exact SPEC messages and paths such as
 * `ruleDefinitions[1].priority`), so here they are only required to be an array.
 */
export class CreateRuleSetDto {
  @ApiPropertyOptional({ example: 'Deeset Rules' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiProperty({ example: true })
  @IsBoolean()
  isActive!: boolean;

  @ApiPropertyOptional({ type: 'array', items: { type: 'object' }, description: 'RuleDefinition[]; see the reference' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  ruleDefinitions?: unknown[];

  @ApiPropertyOptional({ enum: TYPES, isArray: true, description: 'Transaction types this set applies to (default both)' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(TYPES, { each: true })
  transactionTypes?: Array<(typeof TYPES)[number]>;
}

/** Every field optional; `ruleDefinitions`, if given, replaces the whole rule list. */
export class UpdateRuleSetDto extends PartialType(CreateRuleSetDto) {}

export class EvaluateRuleSetDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'A receipt or order as it would be submitted' })
  @IsObject()
  transaction!: Record<string, unknown>;
}
