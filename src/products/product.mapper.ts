import { ProductEntity } from './product.entity';

export interface ProductResponse {
  id: string;
  name: string;
  identifiers: string[];
  aliases: string[];
  price: number | null;
  createdAt: string;
  updatedAt: string;
}

export function toProductResponse(p: ProductEntity): ProductResponse {
  return {
    id: p.id,
    name: p.name,
    identifiers: p.identifiers,
    aliases: p.aliases,
    price: p.price,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
