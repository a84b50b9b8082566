import {
  ColumnDefinitionNode,
  CreateTableNode,
  DummyDriver,
  Kysely,
  PrimaryKeyConstraintNode,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type KyselyPlugin,
} from 'kysely';
import type { ProjectionTables } from '../projection.js';

/**
 * Each table's primary key columns, read from the projection's own CREATE TABLE statements (run
 * against a driver that executes nothing), so the key the write-behind cache uses is the one the
 * store enforces. Tables without one are left out: queries on them run on the store.
 */
export async function primaryKeys(tables: ProjectionTables): Promise<Map<string, readonly string[]>> {
  const keys = new Map<string, readonly string[]>();
  const spy: KyselyPlugin = {
    transformQuery({ node }) {
      if (!CreateTableNode.is(node)) return node;
      const primary = node.columns.filter((column: ColumnDefinitionNode) => column.primaryKey).map((column) => column.column.column.name);
      for (const constraint of node.constraints ?? []) {
        if (PrimaryKeyConstraintNode.is(constraint)) primary.push(...constraint.columns.map((column) => column.column.name));
      }
      if (primary.length > 0) keys.set(node.table.table.identifier.name, primary);
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  const dryRun = new Kysely({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
    plugins: [spy],
  });
  try {
    await tables.create(dryRun);
  } finally {
    await dryRun.destroy();
  }
  return keys;
}
