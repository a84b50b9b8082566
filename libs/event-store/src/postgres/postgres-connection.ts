/**
 * The PostgreSQL event store's connection pool and what the database's failures mean to the port:
 * positions arrive as numbers, an idle client losing its server does not crash the process, and any
 * database error becomes EventStoreUnavailableError while the port's own errors pass through.
 */
import pg from 'pg';
import { EventStoreUnavailableError, IdempotencyMismatchError, WrongExpectedRevisionError } from '../port.js';

// int8 (positions) arrives as text from pg; positions stay far below 2^53, so plain numbers.
const PG_INT8 = 20;
const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === PG_INT8 && format !== 'binary') return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format ?? 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** The store's pool: `poolSize` connections (default 10), each waited for at most `connectionTimeoutMs` (default 5000 ms). */
export function openEventStorePool(connectionString: string, options: { poolSize?: number; connectionTimeoutMs?: number }): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5000,
    types: pgTypes,
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  return pool;
}

/** SQLSTATE classes and socket errors that mean "the server is not there right now". */
const UNAVAILABLE_CODES = /^(08|53|57P|58)|^(ECONNREFUSED|ECONNRESET|ENOTFOUND|ETIMEDOUT|EPIPE|EHOSTUNREACH)$/;

/** Port errors pass through; everything the database throws becomes EventStoreUnavailableError. */
export async function guardPostgres<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (
      error instanceof WrongExpectedRevisionError ||
      error instanceof IdempotencyMismatchError ||
      error instanceof EventStoreUnavailableError ||
      error instanceof TypeError
    ) {
      throw error;
    }
    const code = String((error as { code?: unknown }).code ?? '');
    const reason = UNAVAILABLE_CODES.test(code) ? 'unreachable' : 'failed';
    throw new EventStoreUnavailableError(`PostgreSQL event store ${reason}: ${(error as Error).message ?? String(error)}`, {
      cause: error,
    });
  }
}

/** Whether `error` is PostgreSQL's unique violation (23505) of `constraint`. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const { code, constraint: violated } = error as { code?: unknown; constraint?: unknown };
  return code === '23505' && violated === constraint;
}
