/**
 * Column types that differ between the two drivers. Entity decorators are evaluated at import time,
 * so the driver is read from DATABASE_URL here, the same variable the config parses at boot;
 * one process talks to one kind of database.
 */
export const isPostgres = /^postgres(ql)?:\/\//.test((process.env.DATABASE_URL ?? '').trim());

/** Timestamps: timestamptz on PostgreSQL, datetime (UTC text, sortable) on SQLite. */
export const TIMESTAMP = isPostgres ? 'timestamptz' : 'datetime';
