import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, Authenticated } from '../auth/authenticated.decorator';
import { AuthContext } from '../auth/auth-context';
import { CreateRuleSetDto, EvaluateRuleSetDto, UpdateRuleSetDto } from './dto/rule-set.dto';
import { RuleSetResponse } from './rule-set.mapper';
import { DryRunResponse, RuleSetsService } from './rule-sets.service';

@ApiTags('transactions-rule-engine')
@Controller('transactions-rule-engine/rule-sets')
@Authenticated({ admin: true })
export class RuleSetsController {
  constructor(private readonly ruleSets: RuleSetsService) {}

  @Post()
  @ApiOperation({ summary: 'Create a rule set (rules validated and BASKET rules inflated at save time)' })
  create(@Auth() auth: AuthContext, @Body() body: CreateRuleSetDto): Promise<RuleSetResponse> {
    return this.ruleSets.create(auth.tenant.id, body);
  }

  @Get()
  list(@Auth() auth: AuthContext): Promise<RuleSetResponse[]> {
    return this.ruleSets.list(auth.tenant.id);
  }

  @Get(':id')
  get(@Auth() auth: AuthContext, @Param('id') id: string): Promise<RuleSetResponse> {
    return this.ruleSets.get(auth.tenant.id, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Update name/isActive; ruleDefinitions, if given, replaces the whole rule list' })
  update(@Auth() auth: AuthContext, @Param('id') id: string, @Body() body: UpdateRuleSetDto): Promise<RuleSetResponse> {
    return this.ruleSets.update(auth.tenant.id, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Soft delete: the set never runs again' })
  async remove(@Auth() auth: AuthContext, @Param('id') id: string): Promise<void> {
    await this.ruleSets.delete(auth.tenant.id, id);
  }

  @Post(':id/evaluate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Dry run a transaction against this set: response, trace and stoppedBy; nothing stored' })
  evaluate(@Auth() auth: AuthContext, @Param('id') id: string, @Body() body: EvaluateRuleSetDto): Promise<DryRunResponse> {
    return this.ruleSets.evaluate(auth.tenant.id, id, body.transaction);
  }
}
