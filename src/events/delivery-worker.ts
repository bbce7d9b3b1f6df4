import { randomUUID } from 'node:crypto';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/config';
import { GuardedHttpClient } from '../common/http/guarded-http-client';
import { OUTBOUND_HTTP } from '../outbound/outbound.module';
import { TenantScopedRepository } from '../database/tenant-scoped-repository';
import { WebhookSubscriptionEntity } from '../webhooks/webhook-subscription.entity';
import { EventDeliveryEntity, EventEntity } from './event.entity';
import { PollingWorker } from './polling-worker';
import { isPostgres, rawQuery } from './raw-sql';
import { retryDelayMs } from './backoff';
import { signWebhook } from './webhook-signature';

const BATCH = 32;
const PARALLEL_SENDS = 8;
/** A claimed delivery belongs to its worker this long past the HTTP deadline; then anyone may retry it. */
const LEASE_MARGIN_MS = 30_000;
const MAX_ERROR_LENGTH = 500;

/** The body every webhook receives. `id` is the event id: receivers dedupe on it (at-least-once). */
export interface WebhookBody {
  id: string;
  type: string;
  createdAt: string;
  subjectId: string;
  data: Record<string, unknown>;
}

export function webhookBody(e: EventEntity): string {
  const body: WebhookBody = { id: e.id, type: e.type, createdAt: e.createdAt.toISOString(), subjectId: e.subjectId, data: e.payload };
  return JSON.stringify(body);
}

/**
 * Posts outbox events to webhook subscriptions through the guarded client: signed, retried with
 * exponential backoff and jitter, DEAD after `webhookMaxAttempts`. At-least-once: a delivery is marked
 * DELIVERED only after a 2xx, so a crash between the POST and that update sends it again.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('DeliveryWorker');
  private readonly loop: PollingWorker;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(OUTBOUND_HTTP) private readonly http: GuardedHttpClient,
  ) {
    this.loop = new PollingWorker('webhook delivery', () => this.pass(), config.webhookWorkerPollMs, this.logger);
  }

  onApplicationBootstrap(): void {
    if (this.config.workersEnabled) this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  wake(): void {
    this.loop.wake();
  }

  /** Delivers everything due now (retries scheduled later are left for later). For tests. */
  drainOnce(): Promise<number> {
    return this.loop.drainOnce();
  }

  private async pass(): Promise<number> {
    const owner = randomUUID();
    const ids = await this.claim(owner);
    if (ids.length === 0) return 0;
    const deliveries = await this.ds.getRepository(EventDeliveryEntity).findBy({ id: In(ids), leaseOwner: owner });
    const queue = [...deliveries];
    await Promise.all(
      Array.from({ length: Math.min(PARALLEL_SENDS, queue.length) }, async () => {
        for (let d = queue.shift(); d; d = queue.shift()) await this.deliver(d, owner);
      }),
    );
    return ids.length;
  }

  /** Takes up to BATCH due deliveries for this pass (SKIP LOCKED: instances never take the same rows). */
  private async claim(owner: string): Promise<string[]> {
    const now = new Date();
    const rows = await rawQuery(
      this.ds,
      `UPDATE event_deliveries SET "leaseOwner" = :owner, "leaseUntil" = :leaseUntil
       WHERE "id" IN (
         SELECT "id" FROM event_deliveries
         WHERE "state" = 'PENDING' AND "nextAttemptAt" <= :now AND ("leaseUntil" IS NULL OR "leaseUntil" < :now)
         ORDER BY "nextAttemptAt" ASC LIMIT :limit${isPostgres(this.ds) ? ' FOR UPDATE SKIP LOCKED' : ''})
       RETURNING "id"`,
      { owner, now, leaseUntil: new Date(now.getTime() + this.config.webhookTimeoutMs + LEASE_MARGIN_MS), limit: BATCH },
    );
    return rows.map((r) => String(r.id));
  }

  private async deliver(d: EventDeliveryEntity, owner: string): Promise<void> {
    const subscription = await new TenantScopedRepository(WebhookSubscriptionEntity, this.ds.manager).findById(d.tenantId, d.webhookId);
    const event = await this.ds.getRepository(EventEntity).findOneBy({ id: d.eventId, tenantId: d.tenantId });
    if (!subscription || !event) return this.finish(d, owner, { state: 'DEAD', lastError: subscription ? 'event deleted' : 'webhook deleted' });
    if (!subscription.eventTypes.includes(event.type)) {
      return this.finish(d, owner, { state: 'DEAD', lastError: `webhook no longer subscribed to ${event.type}` });
    }

    const body = webhookBody(event);
    const attempt = d.attempts + 1;
    const startedAt = new Date();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const res = await this.http.request({
        url: subscription.url,
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'transaction-rule-engine-webhooks/1',
          'X-Event-Id': event.id,
          'X-Event-Type': event.type,
          'X-Delivery-Attempt': String(attempt),
          'X-Signature': signWebhook(subscription.secret, body, Math.floor(startedAt.getTime() / 1000)),
        },
        body,
        timeoutMs: this.config.webhookTimeoutMs,
        maxBytes: 64 * 1024,
      });
      statusCode = res.status;
      if (res.status < 200 || res.status > 299) error = `HTTP ${res.status}`;
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }

    if (error === null) {
      return this.finish(d, owner, { state: 'DELIVERED', attempts: attempt, lastAttemptAt: startedAt, lastStatusCode: statusCode, lastError: null, deliveredAt: new Date() });
    }
    const dead = attempt >= this.config.webhookMaxAttempts;
    const next = new Date(Date.now() + retryDelayMs(attempt, this.config.webhookBackoffBaseMs, this.config.webhookBackoffMaxMs));
    return this.finish(d, owner, {
      state: dead ? 'DEAD' : 'PENDING',
      attempts: attempt,
      lastAttemptAt: startedAt,
      lastStatusCode: statusCode,
      lastError: error.slice(0, MAX_ERROR_LENGTH),
      nextAttemptAt: dead ? d.nextAttemptAt : next,
    });
  }

  /** Records the outcome, only if this pass still owns the delivery (a stolen lease means someone else took over). */
  private async finish(d: EventDeliveryEntity, owner: string, changes: Partial<EventDeliveryEntity>): Promise<void> {
    await this.ds
      .getRepository(EventDeliveryEntity)
      .update({ id: d.id, tenantId: d.tenantId, leaseOwner: owner }, { ...changes, leaseOwner: null, leaseUntil: null });
  }
}
