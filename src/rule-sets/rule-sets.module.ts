import { Module } from '@nestjs/common';
import { ProductsModule } from '../products/products.module';
import { VenuesModule } from '../venues/venues.module';
import { TransactionNormalizer } from '../transactions/transaction-normalizer';
import { RuleSetRunner } from './rule-set-runner';
import { RuleSetsController } from './rule-sets.controller';
import { RuleSetsService } from './rule-sets.service';

@Module({
  imports: [ProductsModule, VenuesModule],
  controllers: [RuleSetsController],
  providers: [RuleSetsService, RuleSetRunner, TransactionNormalizer],
  exports: [RuleSetRunner, TransactionNormalizer],
})
export class RuleSetsModule {}
