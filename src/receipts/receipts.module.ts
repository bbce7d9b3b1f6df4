import { Module } from '@nestjs/common';
import { RuleSetsModule } from '../rule-sets/rule-sets.module';
import { NoReceiptParser, RECEIPT_PARSER } from './receipt-parser';
import { ReceiptReviewsService } from './receipt-reviews.service';
import { ReceiptStore } from './receipt.store';
import { ReceiptsController } from './receipts.controller';
import { ReceiptsService } from './receipts.service';

@Module({
  imports: [RuleSetsModule],
  controllers: [ReceiptsController],
  // No parser is configured yet: default-mode receipts wait for manual review.
  providers: [ReceiptStore, ReceiptsService, ReceiptReviewsService, { provide: RECEIPT_PARSER, useClass: NoReceiptParser }],
  exports: [ReceiptsService],
})
export class ReceiptsModule {}
