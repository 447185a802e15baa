import type { ColumnType } from 'kysely';

/** int8 comes back as a string from node-postgres and as a number from PGlite; mappers use Number(). */
export type Int8 = ColumnType<string | number | bigint, number, number>;
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type Json = ColumnType<unknown, string | null, string | null>;
