import type { ReviewConfiguration } from '../tenants/tenant.types';
import { isReviewReason, type ReviewReason, type Verdict } from './receipt.types';
import { spotCheckPoint } from './spot-check';

/** What the automated review looks at of a receipt about to be stored. */
export interface ReviewCandidate {
  tenantId: string;
  receiptId: string;
  servedAt: Date | null;
  serviceDate: string | null;
  total: number | null;
  ocrConfidence: number | null;
  formatSlug: string | null;
  merchantName: string | null;
}

/**
 * Database look-ups, run by the caller inside the transaction that stores the receipt while it holds the
 * claim locks (see claim-transaction.ts), so what they see cannot change before the insert.
 */
export interface ReviewLookups {
  /** Id of a non-rejected receipt of the tenant with the same barcode/transactionId or merchant+total+servedAt. */
  findDuplicate(): Promise<string | null>;
  /** Non-rejected receipts of the submitter with this formatSlug claimed on the current day. */
  countSameFormatToday(): Promise<number>;
  /** Non-rejected receipts of the submitter at this merchant claimed on the current day. */
  countSameMerchantToday(): Promise<number>;
}

/** The rule engine's outcome, settled before the review (it does not depend on the other checks). */
export type EngineOutcome =
  | { ok: true; ruleSetId: string | null; response: Record<string, unknown> }
  | { ok: false; ruleSetId: string | null; error: string };

export interface AutomatedDecision {
  verdict: Verdict;
  reason: ReviewReason;
  /** Which check decided and why, stored with the review for admins. */
  details: Record<string, unknown>;
}

const DAY_MS = 86_400_000;

/**
 * The SPEC's automated review (section 5): seven checks, first match wins, thresholds from the tenant's
 * `configuration.review`. Pure apart from the look-ups it is handed; `now` is a parameter.
 */
export class AutomatedReviewer {
  constructor(
    private readonly config: ReviewConfiguration,
    private readonly spotCheck: (tenantId: string, receiptId: string) => number = spotCheckPoint,
  ) {}

  async review(c: ReviewCandidate, lookups: ReviewLookups, engine: EngineOutcome, now: Date): Promise<AutomatedDecision> {
    // 1. duplicates
    const duplicateOf = await lookups.findDuplicate();
    if (duplicateOf !== null) return { verdict: 'REJECT', reason: 'DUPLICATE', details: { check: 'DUPLICATE', duplicateOf } };

    // 2. dates
    if (c.servedAt !== null) {
      if (c.servedAt.getTime() > now.getTime()) {
        return { verdict: 'REJECT', reason: 'INVALID_DATE', details: { check: 'INVALID_DATE', servedAt: c.servedAt.toISOString(), problem: 'in the future' } };
      }
      if (c.servedAt.getTime() < now.getTime() - this.config.maxReceiptAgeDays * DAY_MS) {
        return {
          verdict: 'REJECT',
          reason: 'INVALID_DATE',
          details: { check: 'INVALID_DATE', servedAt: c.servedAt.toISOString(), problem: `older than ${this.config.maxReceiptAgeDays} days` },
        };
      }
    }

    // 3. data
    const missing = [c.total === null ? 'total' : null, c.serviceDate === null ? 'serviceDate' : null].filter((m): m is string => m !== null);
    if (missing.length) return { verdict: 'ABSTAIN', reason: 'INSUFFICIENT_DATA', details: { check: 'INSUFFICIENT_DATA', missing } };
    if (c.ocrConfidence === null || c.ocrConfidence < this.config.minOcrConfidence) {
      return {
        verdict: 'ABSTAIN',
        reason: 'INSUFFICIENT_DATA',
        details: { check: 'INSUFFICIENT_DATA', ocrConfidence: c.ocrConfidence, minOcrConfidence: this.config.minOcrConfidence },
      };
    }

    // 4. per-user daily submission limits ("more than N": the (N+1)th of the day is refused)
    const formatLimit = this.config.maxPerUserPerFormatPerDay;
    if (formatLimit !== null && formatLimit !== undefined && c.formatSlug !== null) {
      const count = await lookups.countSameFormatToday();
      if (count >= formatLimit) {
        return { verdict: 'REJECT', reason: 'FORMAT_SUBMISSION_LIMIT_EXCEEDED', details: { check: 'FORMAT_SUBMISSION_LIMIT_EXCEEDED', limit: formatLimit, alreadyToday: count } };
      }
    }
    const merchantLimit = this.config.maxPerUserPerMerchantPerDay;
    if (merchantLimit !== null && merchantLimit !== undefined && c.merchantName !== null) {
      const count = await lookups.countSameMerchantToday();
      if (count >= merchantLimit) {
        return {
          verdict: 'REJECT',
          reason: 'MERCHANT_SUBMISSION_LIMIT_EXCEEDED',
          details: { check: 'MERCHANT_SUBMISSION_LIMIT_EXCEEDED', limit: merchantLimit, alreadyToday: count },
        };
      }
    }

    // 5. the rule engine
    if (!engine.ok) {
      return { verdict: 'ABSTAIN', reason: 'RULE_ENGINE_THREW_ERROR', details: { check: 'RULE_ENGINE', ruleSetId: engine.ruleSetId, error: engine.error } };
    }
    const verdict = engine.response.verdict;
    if (verdict === 'REJECT' || verdict === 'ABSTAIN') {
      const reason = isReviewReason(engine.response.reason) ? engine.response.reason : 'OTHER';
      return { verdict, reason, details: { check: 'RULE_ENGINE', ruleSetId: engine.ruleSetId } };
    }

    // 6. spot check
    const point = this.spotCheck(c.tenantId, c.receiptId);
    if (point < this.config.spotCheckRate) {
      return { verdict: 'ABSTAIN', reason: 'FLAGGED_FOR_SPOT_CHECK', details: { check: 'SPOT_CHECK', spotCheckRate: this.config.spotCheckRate, point } };
    }

    // 7.
    return { verdict: 'AUTHORIZE', reason: 'VALID_DATA', details: { check: 'VALID_DATA' } };
  }
}
