import { QueryRunner, TableColumnOptions } from 'typeorm';

/**
 * Column helpers for migrations written with TypeORM's schema API, so one migration serves both
 * drivers. Only the types that differ between SQLite and PostgreSQL are decided here.
 */
export function isPg(qr: QueryRunner): boolean {
  return qr.connection.driver.options.type === 'postgres';
}

export const col = {
  id: (name = 'id'): TableColumnOptions => ({ name, type: 'varchar', length: '36', isPrimary: true }),
  uuid: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: '36', isNullable: nullable }),
  str: (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable }),
  text: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'text', isNullable: nullable }),
  int: (name: string, nullable = false, def?: number): TableColumnOptions => ({ name, type: 'integer', isNullable: nullable, default: def }),
  bool: (name: string, def: boolean): TableColumnOptions => ({ name, type: 'boolean', isNullable: false, default: def }),
  num: (name: string, nullable = true): TableColumnOptions => ({ name, type: 'double precision', isNullable: nullable }),
  ts: (qr: QueryRunner, name: string, nullable = false): TableColumnOptions => ({
    name,
    type: isPg(qr) ? 'timestamptz' : 'datetime',
    isNullable: nullable,
  }),
};
