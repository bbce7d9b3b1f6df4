import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/config';
import { BadRequestError, ConflictError, NotFoundError } from '../common/domain-error';
import { TenantScopedRepository } from '../database/tenant-scoped-repository';
import { EventDeliveryEntity } from '../events/event.entity';
import { CreateWebhookDto, UpdateWebhookDto } from './dto/webhook.dto';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity';
import { WebhookResponse, toWebhookResponse } from './webhook.mapper';
import { webhookUrlProblem } from './webhook-url';

/** Each subscription multiplies every event into a delivery: bounded per tenant. */
export const MAX_WEBHOOKS_PER_TENANT = 20;

@Injectable()
export class WebhooksService {
  private readonly webhooks: TenantScopedRepository<WebhookSubscriptionEntity>;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.webhooks = new TenantScopedRepository(WebhookSubscriptionEntity, ds.manager);
  }

  async create(tenantId: string, dto: CreateWebhookDto): Promise<WebhookResponse> {
    this.checkUrl(dto.url);
    const now = new Date();
    return this.ds.transaction(async (m) => {
      const webhooks = this.webhooks.with(m);
      if ((await webhooks.count(tenantId)) >= MAX_WEBHOOKS_PER_TENANT) {
        throw new ConflictError(`A tenant may have at most ${MAX_WEBHOOKS_PER_TENANT} webhooks`);
      }
      const row = await webhooks.insert(tenantId, { id: randomUUID(), url: dto.url, eventTypes: dto.eventTypes, secret: dto.secret, createdAt: now, updatedAt: now });
      return toWebhookResponse(row);
    });
  }

  async list(tenantId: string): Promise<WebhookResponse[]> {
    return (await this.webhooks.find(tenantId, {}, { createdAt: 'ASC', id: 'ASC' })).map(toWebhookResponse);
  }

  async get(tenantId: string, id: string): Promise<WebhookResponse> {
    return toWebhookResponse(await this.mustFind(tenantId, id));
  }

  async update(tenantId: string, id: string, dto: UpdateWebhookDto): Promise<WebhookResponse> {
    const webhook = await this.mustFind(tenantId, id);
    if (dto.url !== undefined) {
      this.checkUrl(dto.url);
      webhook.url = dto.url;
    }
    if (dto.eventTypes !== undefined) webhook.eventTypes = dto.eventTypes;
    if (dto.secret !== undefined) webhook.secret = dto.secret;
    webhook.updatedAt = new Date();
    await this.webhooks.update(tenantId, id, { url: webhook.url, eventTypes: webhook.eventTypes, secret: webhook.secret, updatedAt: webhook.updatedAt });
    return toWebhookResponse(webhook);
  }

  /** Deliveries still pending for the webhook end as DEAD ("webhook deleted"); delivered history stays. */
  async delete(tenantId: string, id: string): Promise<void> {
    await this.ds.transaction(async (m) => {
      if (!(await this.webhooks.with(m).delete(tenantId, id))) throw new NotFoundError('Webhook not found');
      // a bulk update by webhook: the scoped repository updates by id only; the tenant is still in the where
      await m
        .getRepository(EventDeliveryEntity)
        .update({ tenantId, webhookId: id, state: 'PENDING' }, { state: 'DEAD', lastError: 'webhook deleted', leaseOwner: null, leaseUntil: null });
    });
  }

  private checkUrl(url: string): void {
    const problem = webhookUrlProblem(url, this.config.allowPrivateNetworkTargets);
    if (problem) throw new BadRequestError(`url ${problem}`, [{ path: 'url', message: problem }]);
  }

  private async mustFind(tenantId: string, id: string): Promise<WebhookSubscriptionEntity> {
    const webhook = await this.webhooks.findById(tenantId, id);
    if (!webhook) throw new NotFoundError('Webhook not found');
    return webhook;
  }
}
