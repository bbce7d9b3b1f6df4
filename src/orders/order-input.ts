import { OrderLineItem, PaymentTender } from './order.entity';
import { CreateOrderDto } from './dto/create-order.dto';

/** A validated order request without its submitter: what the async intake stores and the factory builds from. */
export interface OrderInput {
  serviceDate: string;
  serviceTime: string;
  lineItems: OrderLineItem[];
  paymentTenders?: PaymentTender[];
  subtotal?: number;
  total?: number;
  totalTax?: number;
  transactionId?: string;
  locationIdentifier?: string;
  locationAddress?: string;
  submissionPosition?: { latitude: number; longitude: number };
  metadata?: Record<string, string | number | boolean>;
}

export interface Submitter {
  authIdentifier: string;
  /** Known only when the submitter called with their own token. */
  authIssuer: string | null;
}

/** Field by field (whitelist), so nothing the DTO class carries beyond the contract is stored. */
export function toOrderInput(dto: CreateOrderDto): OrderInput {
  const input: OrderInput = {
    serviceDate: dto.serviceDate,
    serviceTime: dto.serviceTime,
    lineItems: dto.lineItems.map((i) => {
      const item: OrderLineItem = { quantity: i.quantity, description: i.description };
      if (i.identifier !== undefined) item.identifier = i.identifier;
      if (i.unit !== undefined) item.unit = i.unit;
      if (i.unitPrice !== undefined) item.unitPrice = i.unitPrice;
      if (i.totalPrice !== undefined) item.totalPrice = i.totalPrice;
      if (i.metadata !== undefined) item.metadata = { ...i.metadata };
      return item;
    }),
  };
  if (dto.paymentTenders !== undefined) {
    input.paymentTenders = dto.paymentTenders.map((p) => ({ type: p.type, ...(p.id !== undefined ? { id: p.id } : {}), value: p.value }));
  }
  for (const key of ['subtotal', 'total', 'totalTax'] as const) if (dto[key] !== undefined) input[key] = dto[key];
  for (const key of ['transactionId', 'locationIdentifier', 'locationAddress'] as const) if (dto[key] !== undefined) input[key] = dto[key];
  if (dto.submissionPosition !== undefined) input.submissionPosition = { latitude: dto.submissionPosition.latitude, longitude: dto.submissionPosition.longitude };
  if (dto.metadata !== undefined) input.metadata = { ...dto.metadata };
  return input;
}
