import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { ConflictError, NotFoundError } from '../common/domain-error';
import { TenantScopedRepository } from '../database/tenant-scoped-repository';
import { isReferencedByActiveRuleSet, repriceBasketRules } from '../rule-sets/rule-set-references';
import { CreateProductDto, UpdateProductDto } from './dto/product.dto';
import { ProductEntity, ProductKeyEntity } from './product.entity';
import { ProductResponse, toProductResponse } from './product.mapper';
import { MatchableLineItem, normalizeDescription } from './product-matching';

@Injectable()
export class ProductsService {
  private readonly products: TenantScopedRepository<ProductEntity>;
  private readonly keys: TenantScopedRepository<ProductKeyEntity>;

  constructor(@InjectDataSource() private readonly ds: DataSource) {
    this.products = new TenantScopedRepository(ProductEntity, ds.manager);
    this.keys = new TenantScopedRepository(ProductKeyEntity, ds.manager);
  }

  async create(tenantId: string, dto: CreateProductDto): Promise<ProductResponse> {
    const now = new Date();
    const product: Omit<ProductEntity, 'tenantId'> = {
      id: randomUUID(),
      name: dto.name,
      identifiers: dto.identifiers ?? [],
      aliases: dedupe(dto.aliases ?? []),
      price: dto.price ?? null,
      createdAt: now,
      updatedAt: now,
    };
    await this.ds.transaction(async (m) => {
      await this.products.with(m).insert(tenantId, product);
      await this.writeKeys(m, tenantId, product);
    });
    return toProductResponse({ ...product, tenantId });
  }

  async list(tenantId: string): Promise<ProductResponse[]> {
    return (await this.products.find(tenantId, {}, { createdAt: 'ASC', id: 'ASC' })).map(toProductResponse);
  }

  async get(tenantId: string, id: string): Promise<ProductResponse> {
    return toProductResponse(await this.mustFind(tenantId, id));
  }

  async update(tenantId: string, id: string, dto: UpdateProductDto): Promise<ProductResponse> {
    return this.ds.transaction(async (m) => {
      const products = this.products.with(m);
      const product = await products.findById(tenantId, id);
      if (!product) throw new NotFoundError('Product not found');
      if (dto.name !== undefined) product.name = dto.name;
      if (dto.identifiers !== undefined) product.identifiers = dto.identifiers;
      if (dto.aliases !== undefined) product.aliases = dedupe(dto.aliases);
      if (dto.price !== undefined) product.price = dto.price;
      product.updatedAt = new Date();
      await products.update(tenantId, id, {
        name: product.name,
        identifiers: product.identifiers,
        aliases: product.aliases,
        price: product.price,
        updatedAt: product.updatedAt,
      });
      await m.getRepository(ProductKeyEntity).delete({ tenantId, productId: id });
      await this.writeKeys(m, tenantId, product);
      if (dto.price !== undefined) await repriceBasketRules(m, tenantId, id, product.price);
      return toProductResponse(product);
    });
  }

  async delete(tenantId: string, id: string): Promise<void> {
    await this.ds.transaction(async (m) => {
      const products = this.products.with(m);
      if (!(await products.findById(tenantId, id))) throw new NotFoundError('Product not found');
      if (await isReferencedByActiveRuleSet(m, tenantId, 'PRODUCT', id)) {
        throw new ConflictError('The product is used by an active rule set; change or deactivate the rule set first');
      }
      await products.delete(tenantId, id);
    });
  }

  /** This tenant's products among `ids`, with their catalogue price (for BASKET inflation). */
  async catalogue(tenantId: string, ids: string[]): Promise<Map<string, { price: number | null }>> {
    if (ids.length === 0) return new Map();
    const rows = await this.products.find(tenantId, { id: In(ids) });
    return new Map(rows.map((r) => [r.id, { price: r.price }]));
  }

  /**
   * Gives each line item without a productId the id of the product it names: its `identifier`
   * first, else its trimmed, case-folded `description` against names and aliases. One query.
   */
  async matchLineItems<T extends MatchableLineItem>(tenantId: string, items: T[]): Promise<Array<T & { productId?: string }>> {
    const open = items.filter((i) => i.productId === undefined || i.productId === null);
    const identifiers = [...new Set(open.map((i) => i.identifier).filter((v): v is string => typeof v === 'string' && v.length <= 200))];
    const names = [
      ...new Set(open.map((i) => (typeof i.description === 'string' ? normalizeDescription(i.description) : '')).filter((v) => v && v.length <= 200)),
    ];
    if (identifiers.length === 0 && names.length === 0) return items as Array<T & { productId?: string }>;
    const byIdentifier = new Map<string, string>();
    const byName = new Map<string, string>();
    for (const chunk of chunks([...identifiers.map((k) => ['IDENTIFIER', k] as const), ...names.map((k) => ['NAME', k] as const)], 400)) {
      const qb = this.keys.query(tenantId, 'k');
      const ids = chunk.filter(([kind]) => kind === 'IDENTIFIER').map(([, k]) => k);
      const ns = chunk.filter(([kind]) => kind === 'NAME').map(([, k]) => k);
      qb.andWhere(
        ids.length && ns.length
          ? "((k.kind = 'IDENTIFIER' AND k.key IN (:...ids)) OR (k.kind = 'NAME' AND k.key IN (:...ns)))"
          : ids.length
            ? "k.kind = 'IDENTIFIER' AND k.key IN (:...ids)"
            : "k.kind = 'NAME' AND k.key IN (:...ns)",
        { ids, ns },
      );
      for (const row of await qb.getMany()) (row.kind === 'IDENTIFIER' ? byIdentifier : byName).set(row.key, row.productId);
    }
    return items.map((item) => {
      if (item.productId !== undefined && item.productId !== null) return item as T & { productId?: string };
      const viaId = typeof item.identifier === 'string' ? byIdentifier.get(item.identifier) : undefined;
      const viaName = typeof item.description === 'string' ? byName.get(normalizeDescription(item.description)) : undefined;
      const productId = viaId ?? viaName;
      return productId ? { ...item, productId } : (item as T & { productId?: string });
    });
  }

  /** Writes the product's match keys; a key another product already has is a 409 naming it. */
  private async writeKeys(m: EntityManager, tenantId: string, p: Omit<ProductEntity, 'tenantId'>): Promise<void> {
    const wanted = [
      ...p.identifiers.map((key) => ({ kind: 'IDENTIFIER' as const, key })),
      ...dedupe([p.name, ...p.aliases].map(normalizeDescription)).map((key) => ({ kind: 'NAME' as const, key })),
    ];
    const repo = m.getRepository(ProductKeyEntity);
    for (const w of wanted) {
      const taken = await repo.findOneBy({ tenantId, kind: w.kind, key: w.key });
      if (taken && taken.productId !== p.id) {
        throw new ConflictError(
          w.kind === 'IDENTIFIER'
            ? `Identifier "${w.key}" already belongs to product ${taken.productId}`
            : `Name or alias "${w.key}" already belongs to product ${taken.productId}`,
        );
      }
    }
    if (wanted.length) await repo.insert(wanted.map((w) => ({ id: randomUUID(), tenantId, productId: p.id, kind: w.kind, key: w.key })));
  }

  private async mustFind(tenantId: string, id: string): Promise<ProductEntity> {
    const product = await this.products.findById(tenantId, id);
    if (!product) throw new NotFoundError('Product not found');
    return product;
  }
}

function dedupe(values: string[]): string[] {
  return [...new Set(values)];
}

function chunks<T>(values: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}
