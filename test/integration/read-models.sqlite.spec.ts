import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteEventStore } from '#event-store';
import { openReadModelDatabase } from '#read-models';
import { readModelsSuite } from '../../libs/read-models/src/testing/read-models.suite.js';

// Events and read models in separate SQLite files, as the embedded default keeps them.
readModelsSuite('Read models on SQLite (events and read models in SQLite files)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wushe-read-models-'));
  return {
    openStore: () => openSqliteEventStore(join(dir, 'events.sqlite'), { pollIntervalMs: 50 }),
    openReadModels: (name) => openReadModelDatabase({ kind: 'sqlite', path: join(dir, `read-models-${name}.sqlite`) }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
