import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser } from '../auth/auth-context';
import { NotFoundError } from '../common/domain-error';
import { inClaimTransaction } from './claim-transaction';
import { CreateReviewDto } from './dto/create-review.dto';
import { ReceiptReviewEntity } from './receipt.entity';
import { productIdsOf, recordReceiptReviewed } from './receipt-events';
import { ReviewHistoryEntry, ReviewResponse, toReviewHistoryEntry, toReviewResponse } from './receipt.mapper';
import { ReceiptStore } from './receipt.store';
import { statusForVerdict } from './receipt.types';

/** Manual reviews. The latest manual review is paramount: the receipt's status follows it. */
@Injectable()
export class ReceiptReviewsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly store: ReceiptStore,
  ) {}

  async add(tenantId: string, receiptId: string, reviewer: AuthUser, dto: CreateReviewDto): Promise<ReviewResponse> {
    // The receipt's lock orders this against other reviews of it and against a parser's result.
    return inClaimTransaction(this.ds, [`receipt:${tenantId}:${receiptId}`], async (m) => {
      const receipt = await this.store.findById(tenantId, receiptId, m);
      if (!receipt) throw new NotFoundError('Receipt not found');
      const now = new Date();
      const review: ReceiptReviewEntity = {
        id: randomUUID(),
        tenantId,
        receiptId,
        sequence: receipt.reviewCount + 1,
        verdict: dto.verdict,
        reason: dto.reason,
        comment: dto.comment ?? null,
        isAutomated: false,
        reviewerAuthIssuer: reviewer.authIssuer,
        reviewerAuthIdentifier: reviewer.authIdentifier,
        reviewerName: reviewer.name,
        ruleSetId: null,
        ruleEngineResponse: null,
        details: null,
        createdAt: now,
      };
      Object.assign(receipt, { status: statusForVerdict(dto.verdict), reason: dto.reason, paramountReviewId: review.id, updatedAt: now });
      await this.store.appendReview(m, receipt, review, true);
      await recordReceiptReviewed(m, receipt, review, productIdsOf(receipt));
      return toReviewResponse(review);
    });
  }

  /** Newest first. */
  async list(tenantId: string, receiptId: string): Promise<ReviewHistoryEntry[]> {
    if (!(await this.store.findById(tenantId, receiptId))) throw new NotFoundError('Receipt not found');
    return (await this.store.reviewsOf(tenantId, receiptId)).map(toReviewHistoryEntry);
  }
}
