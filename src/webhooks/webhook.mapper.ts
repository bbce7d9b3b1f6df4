import type { EventType } from '../events/event.entity';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity';

/** The secret is write-only: no response carries it. */
export interface WebhookResponse {
  id: string;
  url: string;
  eventTypes: EventType[];
  createdAt: string;
  updatedAt: string;
}

export function toWebhookResponse(w: WebhookSubscriptionEntity): WebhookResponse {
  return { id: w.id, url: w.url, eventTypes: w.eventTypes, createdAt: w.createdAt.toISOString(), updatedAt: w.updatedAt.toISOString() };
}
