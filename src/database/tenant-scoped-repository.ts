import { EntityManager, EntityTarget, FindOptionsOrder, FindOptionsWhere, ObjectLiteral, Repository, SelectQueryBuilder } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

type Where<T> = Omit<FindOptionsWhere<T>, 'tenantId'>;

export interface TenantOwned extends ObjectLiteral {
  id: string;
  tenantId: string;
}

/**
 * The one data-access path for tenant-owned tables: every read, update and delete adds the tenant,
 * so isolation does not rest on remembering a `where`. A row of another tenant is simply not found.
 * The tenant id is a method argument, never part of a caller-built where object.
 */
export class TenantScopedRepository<T extends TenantOwned> {
  constructor(
    private readonly target: EntityTarget<T>,
    private readonly manager: EntityManager,
  ) {}

  /** The same scope inside a transaction. */
  with(manager: EntityManager): TenantScopedRepository<T> {
    return new TenantScopedRepository(this.target, manager);
  }

  private get repo(): Repository<T> {
    return this.manager.getRepository(this.target);
  }

  private scoped(tenantId: string, where: Where<T> = {} as Where<T>): FindOptionsWhere<T> {
    if (typeof tenantId !== 'string' || tenantId === '') throw new Error('tenant scope missing');
    return { ...where, tenantId } as FindOptionsWhere<T>;
  }

  findById(tenantId: string, id: string): Promise<T | null> {
    if (typeof id !== 'string' || id.length === 0 || id.length > 64) return Promise.resolve(null);
    return this.repo.findOneBy(this.scoped(tenantId, byId<T>(id)));
  }

  findOne(tenantId: string, where: Where<T>): Promise<T | null> {
    return this.repo.findOneBy(this.scoped(tenantId, where));
  }

  find(tenantId: string, where: Where<T> = {} as Where<T>, order?: FindOptionsOrder<T>): Promise<T[]> {
    return this.repo.find({ where: this.scoped(tenantId, where), order });
  }

  count(tenantId: string, where: Where<T> = {} as Where<T>): Promise<number> {
    return this.repo.countBy(this.scoped(tenantId, where));
  }

  async insert(tenantId: string, entity: Omit<T, 'tenantId'>): Promise<T> {
    const row = { ...entity, tenantId } as unknown as T;
    await this.repo.insert(row as QueryDeepPartialEntity<T>);
    return row;
  }

  /** Inserts rows that all belong to this tenant (their tenantId is set here, whatever they carried). */
  async insertMany(tenantId: string, rows: Array<Omit<T, 'tenantId'>>): Promise<void> {
    if (rows.length === 0) return;
    await this.repo.insert(rows.map((r) => ({ ...r, tenantId })) as unknown as QueryDeepPartialEntity<T>[]);
  }

  /** Returns whether a row of this tenant was updated. */
  async update(tenantId: string, id: string, changes: QueryDeepPartialEntity<T>, also: Where<T> = {} as Where<T>): Promise<boolean> {
    const res = await this.repo.update(this.scoped(tenantId, { ...also, ...byId<T>(id) }), changes);
    return (res.affected ?? 0) > 0;
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    const res = await this.repo.delete(this.scoped(tenantId, byId<T>(id)));
    return (res.affected ?? 0) > 0;
  }

  /** A query builder that already carries the tenant condition; callers add theirs with andWhere. */
  query(tenantId: string, alias: string): SelectQueryBuilder<T> {
    if (typeof tenantId !== 'string' || tenantId === '') throw new Error('tenant scope missing');
    return this.repo.createQueryBuilder(alias).where(`${alias}.tenantId = :__tenantId`, { __tenantId: tenantId });
  }
}

function byId<T>(id: string): Where<T> {
  return { id } as unknown as Where<T>;
}
