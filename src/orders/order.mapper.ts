import { ORDER_STATUS, ORDER_TYPE, OrderEntity, OrderLineItem, PaymentTender } from './order.entity';

/**
 * The reference's order (GET /orders/{id}), plus `submitter`; admins also see what the rule engine
 * said. Optional fields the order does not have are left out rather than sent as null (the reference's
 * schema types them as string/number).
 */
export interface OrderResponse {
  id: string;
  type: typeof ORDER_TYPE;
  status: typeof ORDER_STATUS;
  createdAt: string;
  updatedAt: string;
  serviceDate: string;
  serviceTime: string;
  total?: number;
  subtotal?: number;
  totalTax?: number;
  transactionId?: string;
  lineItems: OrderLineItem[];
  paymentTenders: PaymentTender[];
  locationIdentifier?: string;
  locationAddress?: string;
  submissionPosition?: { longitude: number; latitude: number };
  metadata: Record<string, string | number | boolean>;
  submitter: { authIdentifier: string };
  ruleSetId?: string | null;
  ruleEngineResponse?: Record<string, unknown>;
}

export function toOrderResponse(o: OrderEntity, opts: { admin: boolean }): OrderResponse {
  const out: OrderResponse = {
    id: o.id,
    type: o.type,
    status: o.status,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
    serviceDate: o.serviceDate,
    serviceTime: o.serviceTime,
    lineItems: o.lineItems.map(toLineItem),
    paymentTenders: (o.paymentTenders ?? []).map((p) => ({ type: p.type, ...(p.id !== undefined ? { id: p.id } : {}), value: p.value })),
    metadata: o.metadata,
    submitter: { authIdentifier: o.submitterAuthIdentifier },
  };
  if (o.total !== null) out.total = o.total;
  if (o.subtotal !== null) out.subtotal = o.subtotal;
  if (o.totalTax !== null) out.totalTax = o.totalTax;
  if (o.transactionId !== null) out.transactionId = o.transactionId;
  if (o.locationIdentifier !== null) out.locationIdentifier = o.locationIdentifier;
  if (o.locationAddress !== null) out.locationAddress = o.locationAddress;
  if (o.latitude !== null && o.longitude !== null) out.submissionPosition = { longitude: o.longitude, latitude: o.latitude };
  if (opts.admin) {
    out.ruleSetId = o.ruleSetId;
    out.ruleEngineResponse = o.ruleEngineResponse;
  }
  return out;
}

function toLineItem(i: OrderLineItem): OrderLineItem {
  const out: OrderLineItem = { quantity: i.quantity, description: i.description };
  if (i.identifier !== undefined) out.identifier = i.identifier;
  if (i.unit !== undefined) out.unit = i.unit;
  if (i.unitPrice !== undefined) out.unitPrice = i.unitPrice;
  if (i.totalPrice !== undefined) out.totalPrice = i.totalPrice;
  if (i.metadata !== undefined) out.metadata = i.metadata;
  if (i.productId !== undefined) out.productId = i.productId;
  return out;
}
