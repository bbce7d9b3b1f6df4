import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthContext } from '../auth/auth-context';
import { APP_CONFIG, AppConfig } from '../config/config';
import { BadRequestError, ConflictError, DomainError, ForbiddenError, NotFoundError, ServiceUnavailableError } from '../common/domain-error';
import { ListQuerySpec, RawListParams, applyListQuery, parseListQuery } from '../common/list-query';
import { TenantScopedRepository } from '../database/tenant-scoped-repository';
import { DeliveryWorker } from '../events/delivery-worker';
import { CreateOrderDto, SubmitterDto } from './dto/create-order.dto';
import { DedupKey, claimDedupWindow, currentClaim } from './order-dedup';
import { OrderFactory } from './order-factory';
import { OrderInput, Submitter, toOrderInput } from './order-input';
import { OrderIntakeEntity } from './order-intake.entity';
import { OrderIntakeWorker } from './order-intake.worker';
import { ORDER_STATUS, ORDER_TYPE, OrderEntity } from './order.entity';
import { OrderResponse, toOrderResponse } from './order.mapper';

export const ORDER_LIST_SPEC: ListQuerySpec = {
  sort: ['createdAt', 'updatedAt', 'serviceDate', 'total', 'subtotal'],
  filter: {
    id: { type: 'uuid', operators: ['eq', 'in'] },
    type: { type: 'enum', operators: ['eq', 'neq', 'in'], enumValues: [ORDER_TYPE] },
    status: { type: 'enum', operators: ['eq', 'neq', 'in'], enumValues: [ORDER_STATUS] },
    transactionId: { type: 'string', operators: ['eq', 'neq', 'in', 'like'] },
    submitter: { type: 'string', operators: ['eq', 'neq', 'in'], column: 'submitterAuthIdentifier' },
    source: { type: 'string', operators: ['eq', 'neq', 'in'] },
    locationIdentifier: { type: 'string', operators: ['eq', 'neq', 'in', 'like'] },
    serviceDate: { type: 'date', operators: ['eq', 'gt', 'lt', 'in'] },
    total: { type: 'number', operators: ['eq', 'neq', 'gt', 'lt'] },
    subtotal: { type: 'number', operators: ['eq', 'neq', 'gt', 'lt'] },
    totalTax: { type: 'number', operators: ['eq', 'neq', 'gt', 'lt'] },
    createdAt: { type: 'datetime', operators: ['eq', 'gt', 'lt'] },
    updatedAt: { type: 'datetime', operators: ['eq', 'gt', 'lt'] },
    productIds: {
      type: 'string',
      operators: ['has'],
      hasSql: (alias, p) => `EXISTS (SELECT 1 FROM order_products op WHERE op."orderId" = ${alias}.id AND op."productId" = :${p})`,
    },
  },
};

/** How long a sync replay waits for a first order that is still in the async intake. */
const PENDING_FIRST_ORDER_WAIT_MS = 5000;

@Injectable()
export class OrdersService {
  private readonly logger = new Logger('Orders');
  private readonly orders: TenantScopedRepository<OrderEntity>;
  private readonly intakeRows: TenantScopedRepository<OrderIntakeEntity>;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly factory: OrderFactory,
    private readonly intake: OrderIntakeWorker,
    private readonly deliveries: DeliveryWorker,
  ) {
    this.orders = new TenantScopedRepository(OrderEntity, ds.manager);
    this.intakeRows = new TenantScopedRepository(OrderIntakeEntity, ds.manager);
  }

  /**
   * POST /orders. `created: false` when the submitter already placed `transactionId` within the window:
   * then the FIRST order is returned and nothing is written.
   */
  async create(auth: AuthContext, dto: CreateOrderDto): Promise<{ order: OrderResponse; created: boolean }> {
    const tenantId = auth.tenant.id;
    const submitter = submitterOf(auth, dto.submitter);
    const input = toOrderInput(dto);
    const key = dedupKey(tenantId, submitter, input);
    if (key) {
      const first = await this.firstOrder(key);
      if (first) return { order: toOrderResponse(first, { admin: auth.isAdmin }), created: false };
    }

    const now = new Date();
    const order = await this.factory.build(tenantId, submitter, input, randomUUID(), now);
    const won = await this.ds.transaction(async (m) => {
      if (key && !(await claimDedupWindow(m, key, order.id, now, this.config.orderDedupWindowSeconds))) return false;
      await this.factory.persist(m, order);
      return true;
    });
    if (won) {
      this.deliveries.wake();
      return { order: toOrderResponse(order, { admin: auth.isAdmin }), created: true };
    }
    // a concurrent request with the same transactionId committed first
    const first = await this.firstOrder(key!);
    if (first) return { order: toOrderResponse(first, { admin: auth.isAdmin }), created: false };
    throw new ConflictError('An order with this transactionId is being placed; retry shortly');
  }

  /**
   * POST /orders/asyncly: validated, then written durably (an intake row, or nothing for a duplicate)
   * before the caller hears 202. A database failure is a 503: the order was NOT accepted.
   */
  async accept(auth: AuthContext, dto: CreateOrderDto): Promise<void> {
    const tenantId = auth.tenant.id;
    const submitter = submitterOf(auth, dto.submitter);
    const input = toOrderInput(dto);
    const key = dedupKey(tenantId, submitter, input);
    const id = randomUUID();
    const now = new Date();
    let written = false;
    try {
      await this.ds.transaction(async (m) => {
        // a duplicate inside the window is accepted and dropped here: nothing to write
        if (key && !(await claimDedupWindow(m, key, id, now, this.config.orderDedupWindowSeconds))) return;
        await this.intakeRows.with(m).insert(tenantId, {
          id,
          submitterAuthIdentifier: submitter.authIdentifier,
          submitterAuthIssuer: submitter.authIssuer,
          transactionId: input.transactionId ?? null,
          payload: input as unknown as Record<string, unknown>,
          receivedAt: now,
          availableAt: now,
          attempts: 0,
          leaseOwner: null,
          leaseUntil: null,
          lastError: null,
          failedAt: null,
        });
        written = true;
      });
    } catch (err) {
      if (err instanceof DomainError) throw err;
      this.logger.error(`async order not recorded: ${err instanceof Error ? err.message : String(err)}`);
      throw new ServiceUnavailableError('The order could not be recorded and was not accepted; retry later');
    }
    if (written) this.intake.wake();
  }

  async get(auth: AuthContext, id: string): Promise<OrderResponse> {
    const order = await this.orders.findById(auth.tenant.id, id);
    // a user sees their own orders only; someone else's is simply not found
    if (!order || (!auth.isAdmin && order.submitterAuthIdentifier !== auth.user?.authIdentifier)) throw new NotFoundError('Order not found');
    return toOrderResponse(order, { admin: auth.isAdmin });
  }

  async list(auth: AuthContext, params: RawListParams): Promise<OrderResponse[]> {
    const query = parseListQuery(params, ORDER_LIST_SPEC);
    const rows = await applyListQuery(this.orders.query(auth.tenant.id, 'o'), 'o', query, ORDER_LIST_SPEC).getMany();
    return rows.map((o) => toOrderResponse(o, { admin: auth.isAdmin }));
  }

  /**
   * The order holding the dedup window, or null when there is none. If that order is still an intake
   * row (accepted by /orders/asyncly moments ago), it is processed now, or awaited briefly if another
   * worker is on it, so a sync replay always answers with the first order.
   */
  private async firstOrder(key: DedupKey): Promise<OrderEntity | null> {
    const deadline = Date.now() + PENDING_FIRST_ORDER_WAIT_MS;
    for (;;) {
      const orderId = await currentClaim(this.ds, key, new Date(), this.config.orderDedupWindowSeconds);
      if (!orderId) return null;
      const order = await this.orders.findById(key.tenantId, orderId);
      if (order) return order;
      await this.intake.processNow(key.tenantId, orderId);
      const processed = await this.orders.findById(key.tenantId, orderId);
      if (processed) return processed;
      if (Date.now() > deadline) throw new ConflictError('The first order with this transactionId is still being processed; retry shortly');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function dedupKey(tenantId: string, submitter: Submitter, input: OrderInput): DedupKey | null {
  return input.transactionId ? { tenantId, submitter: submitter.authIdentifier, transactionId: input.transactionId } : null;
}

/** Admins name the submitter (required, as in the reference); a user places orders as themselves only. */
function submitterOf(auth: AuthContext, given: SubmitterDto | undefined): Submitter {
  if (auth.isAdmin) {
    if (!given) throw new BadRequestError('submitter is required when an admin places an order', [{ path: 'submitter', message: 'is required for admin authorization' }]);
    const self = auth.user?.authIdentifier === given.authIdentifier;
    return { authIdentifier: given.authIdentifier, authIssuer: self ? auth.user!.authIssuer : null };
  }
  if (!auth.user) throw new ForbiddenError('A user token is required to place an order');
  if (given && given.authIdentifier !== auth.user.authIdentifier) throw new ForbiddenError('A user may only place orders for themselves');
  return { authIdentifier: auth.user.authIdentifier, authIssuer: auth.user.authIssuer };
}
