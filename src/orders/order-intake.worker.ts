import { randomUUID } from 'node:crypto';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/config';
import { isUniqueViolation } from '../common/error-mapping';
import { DeliveryWorker } from '../events/delivery-worker';
import { PollingWorker } from '../events/polling-worker';
import { isPostgres, rawQuery } from '../events/raw-sql';
import { retryDelayMs } from '../events/backoff';
import { OrderFactory } from './order-factory';
import { OrderInput } from './order-input';
import { OrderIntakeEntity } from './order-intake.entity';
import { purgeExpiredClaims, releaseDedupWindow } from './order-dedup';

const BATCH = 50;
const PARALLEL = 4;
/** A row failing this often (never seen in practice: every step is retryable) is set aside, not retried forever. */
export const MAX_INTAKE_ATTEMPTS = 10;
const PURGE_EVERY_MS = 60_000;

class LeaseLost extends Error {}

/**
 * Turns accepted async orders (order_intake rows) into orders.
 *
 * Claiming: one UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED) RETURNING gives this pass a
 * lease on a batch, so instances never take the same rows; a crashed instance's rows come back when
 * its lease (ORDER_INTAKE_LEASE_SECONDS) runs out. SQLite has one writer, so the same statement
 * without SKIP LOCKED is already exclusive.
 *
 * Exactly once: the order is written in the transaction that deletes the intake row, and only if the
 * row is still leased to this pass; the row id is the order id, so even a lease taken over mid-way
 * cannot commit a second order (the primary key refuses it).
 */
@Injectable()
export class OrderIntakeWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('OrderIntakeWorker');
  private readonly loop: PollingWorker;
  private lastPurge = 0;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly factory: OrderFactory,
    private readonly deliveries: DeliveryWorker,
  ) {
    this.loop = new PollingWorker('order intake', () => this.pass(), config.orderWorkerPollMs, this.logger);
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

  /** Processes every intake row that is due now; returns how many were handled. For tests and the benchmark. */
  drainOnce(): Promise<number> {
    return this.loop.drainOnce();
  }

  /**
   * Processes one row right now if nobody holds it (a sync POST /orders replaying a transactionId whose
   * first order is still in the intake). Returns when done, or at once if another worker holds it.
   */
  async processNow(tenantId: string, id: string): Promise<void> {
    const owner = randomUUID();
    const now = new Date();
    const rows = await rawQuery(
      this.ds,
      `UPDATE order_intake SET "leaseOwner" = :owner, "leaseUntil" = :leaseUntil, "attempts" = "attempts" + 1
       WHERE "id" = :id AND "tenantId" = :tenantId AND "failedAt" IS NULL AND ("leaseUntil" IS NULL OR "leaseUntil" < :now)
       RETURNING "id"`,
      { owner, id, tenantId, now, leaseUntil: this.leaseUntil(now) },
    );
    if (rows.length === 0) return;
    const row = await this.ds.getRepository(OrderIntakeEntity).findOneBy({ id, tenantId, leaseOwner: owner });
    if (row) await this.process(row, owner);
  }

  private leaseUntil(now: Date): Date {
    return new Date(now.getTime() + this.config.orderIntakeLeaseSeconds * 1000);
  }

  private async pass(): Promise<number> {
    const now = new Date();
    if (now.getTime() - this.lastPurge > PURGE_EVERY_MS) {
      this.lastPurge = now.getTime();
      await purgeExpiredClaims(this.ds, now, this.config.orderDedupWindowSeconds);
    }
    const owner = randomUUID();
    const claimed = await rawQuery(
      this.ds,
      `UPDATE order_intake SET "leaseOwner" = :owner, "leaseUntil" = :leaseUntil, "attempts" = "attempts" + 1
       WHERE "id" IN (
         SELECT "id" FROM order_intake
         WHERE "failedAt" IS NULL AND "availableAt" <= :now AND ("leaseUntil" IS NULL OR "leaseUntil" < :now)
         ORDER BY "availableAt" ASC LIMIT :limit${isPostgres(this.ds) ? ' FOR UPDATE SKIP LOCKED' : ''})
       RETURNING "id"`,
      { owner, now, leaseUntil: this.leaseUntil(now), limit: BATCH },
    );
    if (claimed.length === 0) return 0;
    const rows = await this.ds.getRepository(OrderIntakeEntity).find({ where: { id: In(claimed.map((r) => String(r.id))), leaseOwner: owner }, order: { receivedAt: 'ASC' } });
    const queue = [...rows];
    await Promise.all(
      Array.from({ length: Math.min(PARALLEL, queue.length) }, async () => {
        for (let row = queue.shift(); row; row = queue.shift()) await this.process(row, owner);
      }),
    );
    return claimed.length;
  }

  private async process(row: OrderIntakeEntity, owner: string): Promise<void> {
    try {
      const submitter = { authIdentifier: row.submitterAuthIdentifier, authIssuer: row.submitterAuthIssuer };
      const order = await this.factory.build(row.tenantId, submitter, row.payload as unknown as OrderInput, row.id, row.receivedAt, new Date());
      await this.ds.transaction(async (m) => {
        // Deleting our leased row first is the exclusion point: a worker that took the lease over
        // blocks here until we commit, then deletes nothing and backs off.
        const deleted = await m.getRepository(OrderIntakeEntity).delete({ id: row.id, tenantId: row.tenantId, leaseOwner: owner });
        if (!deleted.affected) throw new LeaseLost();
        await this.factory.persist(m, order);
      });
      this.deliveries.wake();
    } catch (err) {
      if (err instanceof LeaseLost) return;
      if (isUniqueViolation(err)) {
        // the order already exists (committed by a pass whose lease we took over): the row is done
        await this.ds.getRepository(OrderIntakeEntity).delete({ id: row.id, tenantId: row.tenantId });
        return;
      }
      await this.failed(row, owner, err).catch((e) => this.logger.warn(`could not record the failure of intake ${row.id}: ${String(e)}`));
    }
  }

  private async failed(row: OrderIntakeEntity, owner: string, err: unknown): Promise<void> {
    const message = (err instanceof Error ? err.message : String(err)).slice(0, 500);
    const now = new Date();
    if (row.attempts >= MAX_INTAKE_ATTEMPTS) {
      this.logger.error(`intake ${row.id} set aside after ${row.attempts} attempts: ${message}`);
      await this.ds.transaction(async (m) => {
        const res = await m
          .getRepository(OrderIntakeEntity)
          .update({ id: row.id, tenantId: row.tenantId, leaseOwner: owner }, { failedAt: now, lastError: message, leaseOwner: null, leaseUntil: null });
        // its order will never exist: let the submitter's retry with the same transactionId through
        if (res.affected) await releaseDedupWindow(m, row.tenantId, row.id);
      });
      return;
    }
    this.logger.warn(`intake ${row.id} attempt ${row.attempts} failed, will retry: ${message}`);
    await this.ds.getRepository(OrderIntakeEntity).update(
      { id: row.id, tenantId: row.tenantId, leaseOwner: owner },
      { availableAt: new Date(now.getTime() + retryDelayMs(row.attempts, 1000, 60_000)), lastError: message, leaseOwner: null, leaseUntil: null },
    );
  }
}
