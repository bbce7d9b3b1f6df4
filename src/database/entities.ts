import { TenantEntity } from '../tenants/tenant.entity';
import { TenantSigningKeyEntity } from '../tenants/tenant-signing-key.entity';
import { VenueEntity } from '../venues/venue.entity';
import { ProductEntity, ProductKeyEntity } from '../products/product.entity';
import { RuleEntity, RuleSetEntity, RuleSetReferenceEntity } from '../rule-sets/rule-set.entity';
import { EventDeliveryEntity, EventEntity } from '../events/event.entity';
import { ReceiptEntity, ReceiptProductEntity, ReceiptReviewEntity } from '../receipts/receipt.entity';
import { OrderEntity, OrderProductEntity } from '../orders/order.entity';
import { OrderDedupClaimEntity, OrderIntakeEntity } from '../orders/order-intake.entity';
import { WebhookSubscriptionEntity } from '../webhooks/webhook-subscription.entity';

/** Every entity, registered once for the app, the CLI and the tests. Feature modules add theirs here. */
export const ENTITIES = [
  TenantEntity,
  TenantSigningKeyEntity,
  VenueEntity,
  ProductEntity,
  ProductKeyEntity,
  RuleSetEntity,
  RuleEntity,
  RuleSetReferenceEntity,
  EventEntity,
  ReceiptEntity,
  ReceiptProductEntity,
  ReceiptReviewEntity,
  OrderEntity,
  OrderProductEntity,
  OrderIntakeEntity,
  OrderDedupClaimEntity,
  EventDeliveryEntity,
  WebhookSubscriptionEntity,
];
