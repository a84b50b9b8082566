import type { Compilable, CompiledQuery, DialectAdapter, Kysely, QueryResult } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** A parameter's stand-in while a query is compiled once: where it lands tells the argument's place. */
class Slot {
  constructor(readonly index: number) {}
}

interface Template {
  query: CompiledQuery;
  /** For each compiled parameter: the argument it takes, or -1 for a constant the builder added. */
  arguments: number[];
}

/**
 * Queries of a fixed shape built and compiled once, then run with new arguments: Kysely's builder
 * and compiler cost more CPU than SQLite's execution of these small statements (the as-of history
 * writes a few per event, under every command). Per dialect (adapter: SQLite and PostgreSQL place
 * parameters differently); a database view with plugins (which may rewrite a query) is not reused,
 * its queries are built as usual. A table rename of a rebuild's shadow view happens in its driver,
 * after this, so the same SQL serves it.
 */
export class ReusedQueries {
  private readonly byAdapter = new WeakMap<DialectAdapter, Map<string, Template>>();

  /**
   * Runs `build(...slots)` compiled for `db`, the n-th slot taking `args[n]`. `shape` names the
   * query's form: two calls with the same shape must build the same query (only the arguments differ).
   */
  async run<R>(db: AnyDb, shape: string, args: readonly unknown[], build: (...slots: unknown[]) => Compilable<R>): Promise<QueryResult<R>> {
    const executor = db.getExecutor();
    if (executor.plugins.length > 0) return db.executeQuery(build(...args));
    let templates = this.byAdapter.get(executor.adapter);
    if (!templates) {
      templates = new Map();
      this.byAdapter.set(executor.adapter, templates);
    }
    let template = templates.get(shape);
    if (!template) {
      const query = build(...args.map((_arg, index) => new Slot(index))).compile();
      template = { query, arguments: query.parameters.map((parameter) => (parameter instanceof Slot ? parameter.index : -1)) };
      templates.set(shape, template);
    }
    const { query } = template;
    const parameters = template.arguments.map((index, at) => (index < 0 ? query.parameters[at] : args[index]));
    return db.executeQuery<R>({ ...query, parameters } as CompiledQuery<R>);
  }
}
