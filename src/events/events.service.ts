import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { ListQuerySpec, RawListParams, applyListQuery, parseListQuery } from '../common/list-query';
import { TenantScopedRepository } from '../database/tenant-scoped-repository';
import { DELIVERY_STATES, EVENT_TYPES, EventDeliveryEntity, EventEntity } from './event.entity';
import { EventResponse, toEventResponse } from './event.mapper';

/** `GET /events` filters: the event's own fields, plus `deliveryState`/`webhookId` as "some delivery has". */
export const EVENT_LIST_SPEC: ListQuerySpec = {
  sort: ['createdAt'],
  filter: {
    id: { type: 'uuid', operators: ['eq', 'in'] },
    type: { type: 'enum', operators: ['eq', 'neq', 'in'], enumValues: EVENT_TYPES },
    subjectId: { type: 'uuid', operators: ['eq', 'in'] },
    createdAt: { type: 'datetime', operators: ['eq', 'gt', 'lt'] },
    deliveryState: {
      type: 'enum',
      operators: ['has'],
      enumValues: DELIVERY_STATES,
      hasSql: (alias, p) => `EXISTS (SELECT 1 FROM event_deliveries d WHERE d."eventId" = ${alias}.id AND d."state" = :${p})`,
    },
    webhookId: {
      type: 'uuid',
      operators: ['has'],
      hasSql: (alias, p) => `EXISTS (SELECT 1 FROM event_deliveries d WHERE d."eventId" = ${alias}.id AND d."webhookId" = :${p})`,
    },
  },
};

@Injectable()
export class EventsService {
  private readonly events: TenantScopedRepository<EventEntity>;
  private readonly deliveries: TenantScopedRepository<EventDeliveryEntity>;

  constructor(@InjectDataSource() ds: DataSource) {
    this.events = new TenantScopedRepository(EventEntity, ds.manager);
    this.deliveries = new TenantScopedRepository(EventDeliveryEntity, ds.manager);
  }

  async list(tenantId: string, params: RawListParams): Promise<EventResponse[]> {
    const query = parseListQuery(params, EVENT_LIST_SPEC);
    const events = await applyListQuery(this.events.query(tenantId, 'e'), 'e', query, EVENT_LIST_SPEC).getMany();
    if (events.length === 0) return [];
    const deliveries = await this.deliveries.find(tenantId, { eventId: In(events.map((e) => e.id)) }, { createdAt: 'ASC', id: 'ASC' });
    const byEvent = new Map<string, EventDeliveryEntity[]>();
    for (const d of deliveries) byEvent.set(d.eventId, [...(byEvent.get(d.eventId) ?? []), d]);
    return events.map((e) => toEventResponse(e, byEvent.get(e.id) ?? []));
  }
}
