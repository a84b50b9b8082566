import {
  AlterTableNode,
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

/** What the projection's DDL says of its tables, by table name. */
export interface TableShapes {
  /** The primary key's columns; tables without one are left out: queries on them run on the store. */
  readonly keys: Map<string, readonly string[]>;
  /** Every column, in DDL order; a table the DDL alters is left out (its columns are learnt from rows read). */
  readonly columns: Map<string, readonly string[]>;
  /**
   * The columns an INSERT may leave out and then hold NULL: nullable, no DEFAULT, not generated, not
   * in the key. The write-behind cache fills them in, so such a row is known whole without a read.
   */
  readonly nullWhenOmitted: Map<string, readonly string[]>;
}

/**
 * Each table's primary key columns, read from the projection's own CREATE TABLE statements (run
 * against a driver that executes nothing), so the key the write-behind cache uses is the one the
 * store enforces. Tables without one are left out: queries on them run on the store.
 */
export async function primaryKeys(tables: ProjectionTables): Promise<Map<string, readonly string[]>> {
  return (await tableShapes(tables)).keys;
}

/** Keys, columns and NULL-when-omitted columns of every table the projection's `create` makes. */
export async function tableShapes(tables: ProjectionTables): Promise<TableShapes> {
  const keys = new Map<string, readonly string[]>();
  const columns = new Map<string, readonly string[]>();
  const nullWhenOmitted = new Map<string, readonly string[]>();
  const altered = new Set<string>();
  const spy: KyselyPlugin = {
    transformQuery({ node }) {
      // A table altered after its CREATE may have columns the CREATE does not show: its columns are learnt from rows read.
      if (AlterTableNode.is(node)) altered.add(node.table.table.identifier.name);
      if (!CreateTableNode.is(node)) return node;
      const table = node.table.table.identifier.name;
      const primary = node.columns.filter((column: ColumnDefinitionNode) => column.primaryKey).map((column) => column.column.column.name);
      for (const constraint of node.constraints ?? []) {
        if (PrimaryKeyConstraintNode.is(constraint)) primary.push(...constraint.columns.map((column) => column.column.name));
      }
      if (primary.length > 0) keys.set(table, primary);
      columns.set(table, node.columns.map((column) => column.column.column.name));
      nullWhenOmitted.set(
        table,
        node.columns
          .filter((column) => !column.notNull && !column.primaryKey && column.defaultTo === undefined && column.generated === undefined && !primary.includes(column.column.column.name))
          .map((column) => column.column.column.name),
      );
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
  for (const table of altered) {
    columns.delete(table);
    nullWhenOmitted.delete(table);
  }
  return { keys, columns, nullWhenOmitted };
}
