import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openReadModelDatabase, type ReadModelDatabase } from '../../database/read-model-database.js';
import { TableCopyPlugin } from './table-copy-plugin.js';
import { ReusedQueries } from './reused-queries.js';

describe('ReusedQueries (compiled once, run with new arguments)', () => {
  let dir: string;
  let database: ReadModelDatabase;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wushe-reused-'));
    database = await openReadModelDatabase({ kind: 'sqlite', path: join(dir, 'read-models.sqlite') });
    await database.db.schema.createTable('items').addColumn('id', 'text', (c) => c.primaryKey()).addColumn('label', 'text').addColumn('until', 'text').execute();
    await database.db.schema.createTable('asof_items').addColumn('id', 'text', (c) => c.primaryKey()).addColumn('label', 'text').addColumn('until', 'text').execute();
  });

  afterEach(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('each run takes its own arguments, in their places, even where the SQL puts them in another order', async () => {
    const queries = new ReusedQueries();
    const db = database.db;
    for (const [id, label] of [['a', 'first'], ['b', 'second']]) {
      await queries.run(db, 'insert', [label, id], (text, key) => db.insertInto('items').values({ id: key, label: text, until: '9999-12-31' }));
    }
    // SET's parameter comes before WHERE's in the SQL; the arguments are given WHERE first.
    await queries.run(db, 'close', ['b', '2026-03-01'], (key, to) => db.updateTable('items').set({ until: to }).where('id', '=', key));
    const read = async (id: string) =>
      (await queries.run<{ label: string; until: string }>(db, 'read', [id], (key) => db.selectFrom('items').select(['label', 'until']).where('id', '=', key))).rows;
    expect(await read('a')).toEqual([{ label: 'first', until: '9999-12-31' }]);
    expect(await read('b')).toEqual([{ label: 'second', until: '2026-03-01' }]);
    expect(await read('c')).toEqual([]);
  });

  it('a view with plugins is built every time (a plugin may rewrite the query), so it reaches the tables the plugin names', async () => {
    const queries = new ReusedQueries();
    const plain = database.db;
    const copies = plain.withPlugin(new TableCopyPlugin(['items']));
    await queries.run(plain, 'insert', ['x'], (key) => plain.insertInto('items').values({ id: key, label: 'list', until: null }));
    await queries.run(copies, 'insert', ['y'], (key) => copies.insertInto('items').values({ id: key, label: 'copy', until: null }));
    expect(await plain.selectFrom('items').select('id').execute()).toEqual([{ id: 'x' }]);
    expect(await plain.selectFrom('asof_items').select('id').execute()).toEqual([{ id: 'y' }]);
  });
});
