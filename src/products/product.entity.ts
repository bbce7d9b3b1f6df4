import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../database/column-types';

@Entity('products')
@Index('IDX_products_tenant_created', ['tenantId', 'createdAt'])
export class ProductEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36 })
  tenantId!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'simple-json' })
  identifiers!: string[];

  @Column({ type: 'simple-json' })
  aliases!: string[];

  @Column({ type: 'double precision', nullable: true })
  price!: number | null;

  @Column({ type: TIMESTAMP })
  createdAt!: Date;

  @Column({ type: TIMESTAMP })
  updatedAt!: Date;
}

/**
 * One row per way a line item can name a product: an identifier (SKU/barcode) as given, or a name
 * or alias trimmed and case-folded. The unique index makes matching unambiguous and one query.
 */
@Entity('product_keys')
@Index('UQ_product_keys_tenant_kind_key', ['tenantId', 'kind', 'key'], { unique: true })
@Index('IDX_product_keys_product', ['productId'])
export class ProductKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36 })
  tenantId!: string;

  @Column({ type: 'varchar', length: 36 })
  productId!: string;

  /** 'IDENTIFIER' or 'NAME' */
  @Column({ type: 'varchar', length: 16 })
  kind!: 'IDENTIFIER' | 'NAME';

  @Column({ type: 'varchar', length: 200 })
  key!: string;
}
