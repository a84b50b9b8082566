import { CreateIndexBuilder, createQueryId, type CreateIndexNode, type Kysely } from 'kysely';
import type { ProjectionTables } from '../framework/projection.js';

/** A CREATE INDEX held back by `createTablesDeferringIndexes`, to run once the tables are filled. */
export type DeferredIndex = CreateIndexNode;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * Runs the projection's `create` on `db`, except the CREATE INDEX statements a replay does not need:
 * a non-unique index its handlers do not read through (`tables.handlerIndexes`). Those are held back
 * (not executed) and returned, to be built after the replay: an index built once over the full table
 * costs a fraction of one kept up to date row by row, in CPU and in pages written. Tables whose
 * projection does not declare `handlerIndexes` get every index now.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function createTablesDeferringIndexes(db: AnyDb, tables: ProjectionTables<any>): Promise<DeferredIndex[]> {
  const keep = tables.handlerIndexes;
  if (!keep) {
    await tables.create(db);
    return [];
  }
  const deferred: DeferredIndex[] = [];
  const holding = (builder: CreateIndexBuilder): CreateIndexBuilder =>
    new Proxy(builder, {
      get(target, property) {
        const value = Reflect.get(target, property, target) as unknown;
        if (property === 'execute') {
          return async () => {
            const node = target.toOperationNode();
            if (node.unique || keep.includes(node.name.name)) return target.execute();
            deferred.push(node);
          };
        }
        if (typeof value !== 'function') return value;
        // Builders are immutable: each call answers a new one, held in turn.
        return (...args: unknown[]) => {
          const result = (value as (...a: unknown[]) => unknown).apply(target, args);
          return result instanceof CreateIndexBuilder ? holding(result) : result;
        };
      },
    });
  const schema = new Proxy(db.schema, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (property === 'createIndex') return (name: string) => holding(target.createIndex(name));
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  const view = new Proxy(db, {
    get(target, property) {
      if (property === 'schema') return schema;
      const value = Reflect.get(target, property, target) as unknown;
      // Kysely keeps its state in private fields: its methods run on the instance, not this view.
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  await tables.create(view);
  return deferred;
}

/**
 * Builds the held-back indexes on `db`: through a rebuild's shadow view they are built on the
 * `__next` tables under `__next` names; through the store itself, under their own names.
 */
export async function buildDeferredIndexes(db: AnyDb, indexes: readonly DeferredIndex[]): Promise<void> {
  for (const node of indexes) await db.executeQuery(db.getExecutor().compileQuery(node, createQueryId()));
}
