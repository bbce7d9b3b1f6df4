import { DeliveryState, EventDeliveryEntity, EventEntity, EventType } from './event.entity';

export interface DeliveryResponse {
  id: string;
  webhookId: string;
  state: DeliveryState;
  attempts: number;
  lastAttemptAt: string | null;
  /** When the next attempt is due; null once DELIVERED or DEAD. */
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
}

/** NONE: no subscription wanted it; PENDING: some delivery is still being tried; DEAD: some gave up; else DELIVERED. */
export type EventDeliveryState = 'NONE' | DeliveryState;

export interface EventResponse {
  id: string;
  type: EventType;
  subjectId: string;
  createdAt: string;
  payload: Record<string, unknown>;
  deliveryState: EventDeliveryState;
  deliveries: DeliveryResponse[];
}

export function toDeliveryResponse(d: EventDeliveryEntity): DeliveryResponse {
  return {
    id: d.id,
    webhookId: d.webhookId,
    state: d.state,
    attempts: d.attempts,
    lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
    nextAttemptAt: d.state === 'PENDING' ? d.nextAttemptAt.toISOString() : null,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
  };
}

export function summaryState(deliveries: EventDeliveryEntity[]): EventDeliveryState {
  if (deliveries.length === 0) return 'NONE';
  if (deliveries.some((d) => d.state === 'PENDING')) return 'PENDING';
  if (deliveries.some((d) => d.state === 'DEAD')) return 'DEAD';
  return 'DELIVERED';
}

export function toEventResponse(e: EventEntity, deliveries: EventDeliveryEntity[]): EventResponse {
  return {
    id: e.id,
    type: e.type,
    subjectId: e.subjectId,
    createdAt: e.createdAt.toISOString(),
    payload: e.payload,
    deliveryState: summaryState(deliveries),
    deliveries: deliveries.map(toDeliveryResponse),
  };
}
