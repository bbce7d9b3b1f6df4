import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthContext } from '../auth/auth-context';
import { BadRequestError, ForbiddenError, NotFoundError } from '../common/domain-error';
import { parseListQuery, type RawListParams } from '../common/list-query';
import { RuleEngineRunError } from '../rule-engine';
import { RuleSetRunner } from '../rule-sets/rule-set-runner';
import { TenantEntity } from '../tenants/tenant.entity';
import { TenantConfiguration, effectiveConfiguration } from '../tenants/tenant.types';
import { TransactionNormalizer } from '../transactions/transaction-normalizer';
import { AutomatedReviewer, EngineOutcome, ReviewLookups } from './automated-reviewer';
import { inClaimTransaction } from './claim-transaction';
import { DefaultClaimDto, PreparsedClaimDto, SubmitterDto } from './dto/claim-receipt.dto';
import { ReceiptEntity, ReceiptReviewEntity } from './receipt.entity';
import { productIdsOf, recordReceiptReviewed } from './receipt-events';
import { LIST_PARAMETERS, RECEIPT_LIST } from './receipt-list';
import { ClaimResponse, ReceiptResponse, toClaimResponse, toReceiptResponse } from './receipt.mapper';
import { RECEIPT_PARSER, ParsedReceipt, ReceiptParser } from './receipt-parser';
import { ReceiptStore } from './receipt.store';
import { statusForVerdict, type FieldConfidences, type ReceiptLineItem } from './receipt.types';
import { zonedDateTimeToUtc, zonedDayBounds } from './served-at';

interface Submitter {
  authIdentifier: string;
  authIssuer: string | null;
}

@Injectable()
export class ReceiptsService {
  private readonly logger = new Logger('Receipts');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly store: ReceiptStore,
    private readonly normalizer: TransactionNormalizer,
    private readonly runner: RuleSetRunner,
    @Inject(RECEIPT_PARSER) private readonly parser: ReceiptParser,
  ) {}

  /** Default mode: stored PENDING without a review, then handed to the configured parser. */
  async claimForParsing(auth: AuthContext, dto: DefaultClaimDto): Promise<ClaimResponse> {
    const submitter = this.submitterOf(auth, dto.submitter);
    const tenantId = auth.tenant.id;
    const now = new Date();
    const receipt: ReceiptEntity = {
      ...this.emptyReceipt(tenantId, submitter, effectiveConfiguration(auth.tenant.configuration).timezone, now),
      useParser: true,
      pictureUrl: dto.pictureUrl,
      latitude: dto.submissionPosition?.latitude ?? null,
      longitude: dto.submissionPosition?.longitude ?? null,
      metadata: dto.metadata ?? null,
    };
    await inClaimTransaction(this.ds, [`receipt:${tenantId}:${receipt.id}`], (m) => this.store.insertReceipt(m, receipt, [], null));
    try {
      await this.parser.requestParsing({ tenantId, receiptId: receipt.id, pictureUrl: dto.pictureUrl });
    } catch (error) {
      // The claim is stored; a parser that cannot take it leaves it to manual review.
      this.logger.warn(`receipt parser ${this.parser.name} refused receipt ${receipt.id}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return toClaimResponse(receipt, null);
  }

  /** Preparsed mode (admin only; the controller checks): stored with its automated review in one transaction. */
  async claimPreparsed(auth: AuthContext, dto: PreparsedClaimDto): Promise<ClaimResponse> {
    const submitter = this.submitterOf(auth, dto.submitter);
    const config = effectiveConfiguration(auth.tenant.configuration);
    const receipt: ReceiptEntity = {
      ...this.emptyReceipt(auth.tenant.id, submitter, config.timezone, new Date()),
      useParser: false,
      pictureUrl: dto.pictureUrl ?? null,
      latitude: dto.submissionPosition?.latitude ?? null,
      longitude: dto.submissionPosition?.longitude ?? null,
      metadata: dto.metadata ?? null,
    };
    applyParsed(receipt, parsedFromDto(dto));
    // The request's tenant row was read by the auth guard moments ago: its configuration is current enough.
    const review = await this.reviewAndStore(receipt, 'insert', config);
    return toClaimResponse(receipt, review);
  }

  /**
   * A parser's result for a default-mode receipt: the fields are stored and the automated review runs,
   * exactly as for a preparsed claim. The review becomes paramount unless an admin has already reviewed
   * the receipt by hand. A receipt is parsed once; later results for it are ignored (returns false).
   */
  async completeParsing(tenantId: string, receiptId: string, parsed: ParsedReceipt): Promise<boolean> {
    const stored = await this.store.findById(tenantId, receiptId);
    if (!stored || !stored.useParser || (stored.reviewCount > 0 && (await this.store.hasAutomatedReview(this.ds.manager, tenantId, receiptId)))) return false;
    applyParsed(stored, parsed);
    stored.updatedAt = new Date();
    return (await this.reviewAndStore(stored, 'update')) !== null;
  }

  async get(auth: AuthContext, id: string): Promise<ReceiptResponse> {
    const receipt = await this.store.findById(auth.tenant.id, id);
    // A user's view of someone else's receipt is the same as of a receipt that does not exist.
    if (!receipt || (!auth.isAdmin && receipt.submitterAuthIdentifier !== auth.user?.authIdentifier)) throw new NotFoundError('Receipt not found');
    return toReceiptResponse(receipt, await this.store.findReview(auth.tenant.id, receipt.paramountReviewId));
  }

  async list(tenantId: string, params: Record<string, unknown>): Promise<ReceiptResponse[]> {
    for (const name of Object.keys(params)) {
      if (!LIST_PARAMETERS.includes(name)) {
        const shown = name.length > 40 ? `${name.slice(0, 40)}...` : name;
        throw new BadRequestError(`Unknown query parameter '${shown}' (allowed: ${LIST_PARAMETERS.join(', ')})`, [{ path: shown, message: 'is not a known parameter' }]);
      }
    }
    const query = parseListQuery(params as RawListParams, RECEIPT_LIST);
    const receipts = await this.store.list(tenantId, query);
    const reviews = await this.store.reviewsByIds(
      tenantId,
      receipts.map((r) => r.paramountReviewId).filter((id): id is string => id !== null),
    );
    return receipts.map((r) => toReceiptResponse(r, r.paramountReviewId ? (reviews.get(r.paramountReviewId) ?? null) : null));
  }

  // -------------------------------------------------------------------------------------------------

  /** A user claims for themself; an admin names the user. */
  private submitterOf(auth: AuthContext, given: SubmitterDto | undefined): Submitter {
    if (!auth.user) throw new ForbiddenError('A user or admin token is required');
    if (auth.isAdmin) {
      if (!given) {
        throw new BadRequestError('An admin must name the user who claims the receipt in submitter.authIdentifier', [
          { path: 'submitter.authIdentifier', message: 'is required with an admin token' },
        ]);
      }
      return { authIdentifier: given.authIdentifier, authIssuer: auth.user.authIssuer };
    }
    if (given && given.authIdentifier !== auth.user.authIdentifier) throw new ForbiddenError('A user may only claim receipts for themself');
    return { authIdentifier: auth.user.authIdentifier, authIssuer: auth.user.authIssuer };
  }

  private emptyReceipt(tenantId: string, submitter: Submitter, timezone: string, now: Date): ReceiptEntity {
    return {
      id: randomUUID(),
      tenantId,
      status: 'PENDING',
      reason: null,
      paramountReviewId: null,
      reviewCount: 0,
      useParser: true,
      submitterAuthIdentifier: submitter.authIdentifier,
      submitterAuthIssuer: submitter.authIssuer,
      pictureUrl: null,
      ocrConfidence: null,
      serviceDate: null,
      serviceTime: null,
      timezone,
      servedAt: null,
      notionallyServedAt: now,
      total: null,
      subtotal: null,
      barcode: null,
      transactionId: null,
      locationIdentifier: null,
      locationAddress: null,
      merchantName: null,
      language: null,
      formatSlug: null,
      latitude: null,
      longitude: null,
      lineItems: [],
      metadata: null,
      confidences: {},
      createdAt: now,
      updatedAt: now,
    };
  }

  /**
   * Matches line items to products, runs the rule engine (outside the transaction: it depends on
   * nothing the transaction decides), then, holding the claim locks, runs the automated review and
   * stores the receipt (or its parsed fields), the review and the RECEIPT_REVIEWED event together.
   */
  private async reviewAndStore(receipt: ReceiptEntity, mode: 'insert' | 'update', known?: TenantConfiguration): Promise<ReceiptReviewEntity | null> {
    const { tenantId } = receipt;
    const normalized = await this.normalizer.normalize(tenantId, engineFacts(receipt), 'RECEIPT');
    receipt.lineItems = (normalized.lineItems as ReceiptLineItem[] | undefined) ?? receipt.lineItems;
    const engine = await this.evaluate(tenantId, normalized);
    const productIds = productIdsOf(receipt);

    return inClaimTransaction(this.ds, claimLockKeys(receipt), async (m) => {
      const config = known ?? (await this.currentConfiguration(m, tenantId));
      let sequence = 1;
      let manualExists = false;
      if (mode === 'update') {
        const current = await this.store.findById(tenantId, receipt.id, m);
        if (!current || (await this.store.hasAutomatedReview(m, tenantId, receipt.id))) return null;
        sequence = current.reviewCount + 1;
        const paramount = await this.store.findReview(tenantId, current.paramountReviewId, m);
        manualExists = paramount !== null && !paramount.isAutomated;
        if (manualExists) Object.assign(receipt, { status: current.status, reason: current.reason, paramountReviewId: current.paramountReviewId });
      } else {
        // The claim's time is when it is decided: velocity windows and list order follow commit order.
        receipt.createdAt = receipt.updatedAt = new Date();
        if (receipt.servedAt === null) receipt.notionallyServedAt = receipt.createdAt;
      }
      const now = new Date();
      const excludeId = mode === 'update' ? receipt.id : undefined;
      const day = zonedDayBounds(now, config.timezone);
      const lookups: ReviewLookups = {
        findDuplicate: () =>
          this.store.findNonRejectedDuplicate(
            m,
            tenantId,
            {
              barcode: receipt.barcode,
              transactionId: receipt.transactionId,
              merchantName: receipt.merchantName,
              total: receipt.total,
              servedAtWithTime: receipt.serviceTime !== null ? receipt.servedAt : null,
            },
            excludeId,
          ),
        countSameFormatToday: () => this.store.countNonRejectedByUserSince(m, tenantId, receipt.submitterAuthIdentifier, 'formatSlug', receipt.formatSlug!, day, excludeId),
        countSameMerchantToday: () =>
          this.store.countNonRejectedByUserSince(m, tenantId, receipt.submitterAuthIdentifier, 'merchantName', receipt.merchantName!, day, excludeId),
      };
      const decision = await new AutomatedReviewer(config.review).review(
        {
          tenantId,
          receiptId: receipt.id,
          servedAt: receipt.servedAt,
          serviceDate: receipt.serviceDate,
          total: receipt.total,
          ocrConfidence: receipt.ocrConfidence,
          formatSlug: receipt.formatSlug,
          merchantName: receipt.merchantName,
        },
        lookups,
        engine,
        now,
      );
      const review: ReceiptReviewEntity = {
        id: randomUUID(),
        tenantId,
        receiptId: receipt.id,
        sequence,
        verdict: decision.verdict,
        reason: decision.reason,
        comment: null,
        isAutomated: true,
        reviewerAuthIssuer: null,
        reviewerAuthIdentifier: null,
        reviewerName: null,
        ruleSetId: engine.ruleSetId,
        ruleEngineResponse: engine.ok ? engine.response : null,
        details: decision.details,
        createdAt: now,
      };
      if (!manualExists) Object.assign(receipt, { status: statusForVerdict(decision.verdict), reason: decision.reason, paramountReviewId: review.id });
      receipt.reviewCount = sequence;
      if (mode === 'insert') {
        await this.store.insertReceipt(m, receipt, productIds, review);
      } else {
        await this.store.updateParsedFields(m, receipt, productIds);
        await this.store.appendReview(m, receipt, review, !manualExists);
      }
      await recordReceiptReviewed(m, receipt, review, productIds);
      return review;
    });
  }

  /** The tenant's configuration, for a parser result that arrives outside any request. */
  private async currentConfiguration(m: EntityManager, tenantId: string): Promise<TenantConfiguration> {
    const tenant = await m.getRepository(TenantEntity).findOneBy({ id: tenantId });
    return effectiveConfiguration(tenant?.configuration);
  }

  private async evaluate(tenantId: string, transaction: Record<string, unknown>): Promise<EngineOutcome> {
    try {
      const selected = await this.runner.evaluateSelected(tenantId, transaction);
      return { ok: true, ruleSetId: selected.ruleSetId, response: selected.result.response };
    } catch (error) {
      if (error instanceof RuleEngineRunError) return { ok: false, ruleSetId: null, error: error.message };
      // Not the engine's own failure (loading or compiling the set): still a human's call, never a 500.
      this.logger.warn(`rule set evaluation failed for tenant ${tenantId}: ${error instanceof Error ? error.message : String(error)}`);
      return { ok: false, ruleSetId: null, error: 'The rule set could not be evaluated' };
    }
  }
}

/** Lock keys for the review's look-ups: one per duplicate key and one per submitter (velocity). */
function claimLockKeys(r: ReceiptEntity): string[] {
  const keys = [`receipt:${r.tenantId}:${r.id}`, `receipt-submitter:${r.tenantId}:${r.submitterAuthIdentifier}`];
  if (r.barcode !== null) keys.push(`receipt-barcode:${r.tenantId}:${r.barcode}`);
  if (r.transactionId !== null) keys.push(`receipt-transaction:${r.tenantId}:${r.transactionId}`);
  if (r.merchantName !== null && r.total !== null && r.servedAt !== null && r.serviceTime !== null) {
    keys.push(`receipt-purchase:${r.tenantId}:${JSON.stringify([r.merchantName, r.total, r.servedAt.toISOString()])}`);
  }
  return keys;
}

function confidence(v: { confidence: number } | undefined): number | undefined {
  return v?.confidence;
}

export function parsedFromDto(dto: PreparsedClaimDto): ParsedReceipt {
  const confidences: FieldConfidences = {};
  for (const key of ['serviceDate', 'serviceTime', 'subtotal', 'total', 'barcode', 'locationIdentifier', 'locationAddress', 'merchantName', 'language'] as const) {
    const c = confidence(dto[key]);
    if (c !== undefined) confidences[key] = c;
  }
  const amount = (v: number | string | undefined): number | null => (v === undefined ? null : typeof v === 'number' ? v : Number(v.trim()));
  return {
    ocrConfidence: dto.ocrConfidence,
    serviceDate: dto.serviceDate?.value ?? null,
    serviceTime: dto.serviceTime ? normalizeTime(dto.serviceTime.value) : null,
    total: amount(dto.total?.value),
    subtotal: amount(dto.subtotal?.value),
    barcode: dto.barcode?.value ?? null,
    transactionId: dto.transactionId ?? null,
    locationIdentifier: dto.locationIdentifier?.value ?? null,
    locationAddress: dto.locationAddress?.value ?? null,
    merchantName: dto.merchantName?.value ?? null,
    language: dto.language?.value ?? null,
    formatSlug: dto.formatSlug ?? null,
    lineItems: dto.lineItems.map(lineItem),
    confidences,
  };
}

/** Field by field, so nothing but the line item's own properties is stored. */
function lineItem(i: ReceiptLineItem): ReceiptLineItem {
  const out: ReceiptLineItem = {};
  if (i.quantity !== undefined) out.quantity = i.quantity;
  if (i.description !== undefined) out.description = i.description;
  if (i.identifier !== undefined) out.identifier = i.identifier;
  if (i.unit !== undefined) out.unit = i.unit;
  if (i.unitPrice !== undefined) out.unitPrice = i.unitPrice;
  if (i.totalPrice !== undefined) out.totalPrice = i.totalPrice;
  if (i.metadata !== undefined) out.metadata = i.metadata;
  return out;
}

function normalizeTime(t: string): string {
  return t.length === 5 ? `${t}:00` : t;
}

/**
 * Parsed fields onto the receipt: `transactionId` defaults to `barcode`; `servedAt` is serviceDate +
 * serviceTime (00:00 when only the date is known) read in the receipt's time zone.
 */
function applyParsed(r: ReceiptEntity, p: ParsedReceipt): void {
  r.ocrConfidence = p.ocrConfidence;
  r.serviceDate = p.serviceDate;
  r.serviceTime = p.serviceTime;
  r.total = p.total;
  r.subtotal = p.subtotal;
  r.barcode = p.barcode;
  r.transactionId = p.transactionId ?? p.barcode;
  r.locationIdentifier = p.locationIdentifier;
  r.locationAddress = p.locationAddress;
  r.merchantName = p.merchantName;
  r.language = p.language;
  r.formatSlug = p.formatSlug;
  r.lineItems = p.lineItems;
  r.confidences = p.confidences;
  r.servedAt = p.serviceDate ? zonedDateTimeToUtc(p.serviceDate, p.serviceTime ?? '00:00:00', r.timezone) : null;
  r.notionallyServedAt = r.servedAt ?? r.createdAt;
}

/** The transaction the rule engine sees (`request.transaction`): the receipt's known fields, no nulls. */
function engineFacts(r: ReceiptEntity): Record<string, unknown> {
  const facts: Record<string, unknown> = {
    id: r.id,
    submitter: { authIdentifier: r.submitterAuthIdentifier },
    timezone: r.timezone,
    lineItems: r.lineItems,
  };
  const put = (key: string, value: unknown) => {
    if (value !== null && value !== undefined) facts[key] = value;
  };
  put('ocrConfidence', r.ocrConfidence);
  put('serviceDate', r.serviceDate);
  put('serviceTime', r.serviceTime);
  put('servedAt', r.servedAt?.toISOString());
  put('total', r.total);
  put('subtotal', r.subtotal);
  put('barcode', r.barcode);
  put('transactionId', r.transactionId);
  put('locationIdentifier', r.locationIdentifier);
  put('locationAddress', r.locationAddress);
  put('merchantName', r.merchantName);
  put('language', r.language);
  put('formatSlug', r.formatSlug);
  put('pictureUrl', r.pictureUrl);
  put('metadata', r.metadata);
  if (r.latitude !== null && r.longitude !== null) facts.submissionPosition = { latitude: r.latitude, longitude: r.longitude };
  return facts;
}
