import {
  ColumnNode,
  DeleteQueryNode,
  IdentifierNode,
  InsertQueryNode,
  OperationNodeTransformer,
  ReferenceNode,
  ReturningNode,
  SchemableIdentifierNode,
  SelectionNode,
  TableNode,
  UpdateQueryNode,
  type CreateIndexNode,
  type DropIndexNode,
  type KyselyPlugin,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type PrimaryKeyConstraintNode,
  type QueryId,
  type QueryResult,
  type RootOperationNode,
  type UniqueConstraintNode,
  type UnknownRow,
} from 'kysely';

/** The working copy of a list table that a temporal projection keeps: `asof_<table>`. */
export const COPY_PREFIX = 'asof_';
export const copyOf = (table: string): string => `${COPY_PREFIX}${table}`;

/**
 * Renames, in the query tree, the named tables to their `asof_` copies, and the indexes and named
 * constraints created on them too (index names are unique per database in SQLite, per schema in
 * PostgreSQL). Working on the tree, not the text, only table names are touched, never a column.
 */
class CopyRenamer extends OperationNodeTransformer {
  constructor(private readonly tables: ReadonlySet<string>) {
    super();
  }

  protected override transformSchemableIdentifier(node: SchemableIdentifierNode, queryId?: QueryId): SchemableIdentifierNode {
    const transformed = super.transformSchemableIdentifier(node, queryId);
    const name = transformed.identifier.name;
    return this.tables.has(name) ? { ...transformed, identifier: IdentifierNode.create(copyOf(name)) } : transformed;
  }

  protected override transformCreateIndex(node: CreateIndexNode, queryId?: QueryId): CreateIndexNode {
    const transformed = super.transformCreateIndex(node, queryId);
    return { ...transformed, name: IdentifierNode.create(copyOf(transformed.name.name)) };
  }

  protected override transformDropIndex(node: DropIndexNode, queryId?: QueryId): DropIndexNode {
    const transformed = super.transformDropIndex(node, queryId);
    return { ...transformed, name: SchemableIdentifierNode.create(copyOf(transformed.name.identifier.name)) };
  }

  protected override transformPrimaryKeyConstraint(node: PrimaryKeyConstraintNode, queryId?: QueryId): PrimaryKeyConstraintNode {
    const transformed = super.transformPrimaryKeyConstraint(node, queryId);
    return transformed.name ? { ...transformed, name: IdentifierNode.create(copyOf(transformed.name.name)) } : transformed;
  }

  protected override transformUniqueConstraint(node: UniqueConstraintNode, queryId?: QueryId): UniqueConstraintNode {
    const transformed = super.transformUniqueConstraint(node, queryId);
    return transformed.name ? { ...transformed, name: IdentifierNode.create(copyOf(transformed.name.name)) } : transformed;
  }
}

/**
 * One renamer per set of tables, shared by the plugins of every event: a transformer is stateless
 * between queries (its node stack empties as each synchronous transform ends), and building one
 * (Kysely's transformer makes its table of a hundred node handlers per instance) cost more than
 * renaming the event's queries.
 */
const renamers = new Map<string, CopyRenamer>();
const renamerFor = (tables: readonly string[]): CopyRenamer => {
  const key = [...tables].sort().join('\n');
  let renamer = renamers.get(key);
  if (!renamer) renamers.set(key, (renamer = new CopyRenamer(new Set(tables))));
  return renamer;
};

/** The name of the table a write targets, before any renaming. */
function writtenTable(node: RootOperationNode): string | null {
  const nameOf = (target: OperationNode | undefined): string | null =>
    target && TableNode.is(target) ? target.table.identifier.name : null;
  if (InsertQueryNode.is(node)) return nameOf(node.into);
  if (UpdateQueryNode.is(node)) return nameOf(node.table);
  if (DeleteQueryNode.is(node)) return node.from.froms.length === 1 ? nameOf(node.from.froms[0]) : null;
  return null;
}

const returningKey = (key: string): ReturningNode =>
  ReturningNode.create([SelectionNode.create(ReferenceNode.create(ColumnNode.create(key)))]);

/**
 * What a list projection's handlers see inside a temporal projection: the list's own tables, read
 * and written as their `asof_` copies, and every write to a versioned table answering the keys of
 * the rows it touched (`RETURNING`). The temporal projection then versions exactly those rows,
 * whatever SQL the list's handlers chose to write: no list has to say which rows an event changes.
 *
 * One plugin per event: `touched` holds that event's keys, by (unrenamed) table.
 */
export class TableCopyPlugin implements KyselyPlugin {
  private readonly renamer: CopyRenamer;
  private readonly capturing = new Map<QueryId, string>();
  /** Keys of the rows each versioned table's writes touched. */
  readonly touched = new Map<string, Set<string>>();

  constructor(
    tables: readonly string[],
    /** Versioned table -> its key column. */
    private readonly keys: ReadonlyMap<string, string> = new Map(),
  ) {
    this.renamer = renamerFor(tables);
  }

  transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
    const table = writtenTable(node);
    const renamed = this.renamer.transformNode(node, queryId);
    const key = table === null ? undefined : this.keys.get(table);
    if (!key || !(InsertQueryNode.is(renamed) || UpdateQueryNode.is(renamed) || DeleteQueryNode.is(renamed)) || renamed.returning) return renamed;
    this.capturing.set(queryId, table!);
    return { ...renamed, returning: returningKey(key) };
  }

  async transformResult({ result, queryId }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const table = this.capturing.get(queryId);
    if (table !== undefined) {
      this.capturing.delete(queryId);
      const key = this.keys.get(table)!;
      let keys = this.touched.get(table);
      if (!keys) this.touched.set(table, (keys = new Set()));
      for (const row of result.rows) keys.add(String(row[key]));
    }
    return result;
  }
}
