import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { secretFile } from './secret-file.js';
import { domainEventRegistry } from '#domain';
import {
  AggregateStore, type EventStore, generateVaultMasterKey, openEventStoreDbEventStore, openPostgresEventStore,
  openPostgresPersonalDataVault, openSqliteEventStore, openSqlitePersonalDataVault, type PersonalDataVault,
} from '#event-store';
import {
  createAsOfProjections, createReadModelProjections, openReadModelDatabase, type PositionWaiter, type Projection, ProjectionRunner,
  type ProjectionRunnerOptions, type ProjectionStatus, ReadModelQueries, type ReadModelDatabase, type ReadModelDatabaseOptions,
  type ProjectionLogger, ReadYourWrites, registryUpcaster, ShuttingDownError,
} from '#read-models';
import { ListProjectorThread, type ListProjectorWorker } from './projector-thread/list-projector-thread.js';
import type { WusheConfig } from './config/wushe-config.js';

/** Something running in the background that /health reports on (the Kafka relay). */
export interface BackgroundStatus {
  status(): unknown;
}

export interface ReadModels {
  readonly database: ReadModelDatabase;
  readonly queries: ReadModelQueries;
  /** Present when this process runs the projector. */
  runner: ProjectionRunner | null;
  /** With PROJECTOR_THREAD=worker, the lists thread this process runs (else null). */
  listsThread: ListProjectorThread | null;
  /** Read-your-writes: the same wait the queries' `minPosition` goes through. */
  waitForPosition(position: number, timeoutMs: number): Promise<void>;
  status(): Promise<ProjectionStatus[]>;
}

/** Every adapter the configuration chose, opened and migrated; whoever opened it closes it. */
export interface Infrastructure {
  readonly config: WusheConfig;
  readonly eventStore: EventStore;
  readonly aggregates: AggregateStore;
  readonly vault: PersonalDataVault;
  readonly readModels: ReadModels;
  relay: BackgroundStatus | null;
  /** Aborted by beginShutdown(): whatever waits on behalf of a request (read-your-writes) gives up. */
  readonly shutdown: AbortSignal;
  /**
   * The first step of a shutdown: every read-your-writes wait in flight rejects at once with
   * ShuttingDownError (HTTP 503 SHUTTING_DOWN), and so does every later one. Background work and
   * the stores keep running; stopBackground() and close() come after the HTTP server drained.
   */
  beginShutdown(): void;
  /**
   * Starts the projector with the read models plus `extra` projections (policies, matching feed);
   * answers the runner of this thread (with PROJECTOR_THREAD=worker, the one of `extra` alone).
   */
  startProjector(extra?: readonly Projection[], logger?: ProjectionLogger): Promise<ProjectionRunner>;
  /** Runs `stop` on close, before the stores close (relay, policies). */
  onClose(stop: () => Promise<void>): void;
  /** Stops the projector, the relay and whatever registered with onClose; the stores stay open. */
  stopBackground(): Promise<void>;
  close(): Promise<void>;
}

/** Reads VAULT_MASTER_KEY, or in embedded mode keeps a generated one beside the data (mode 0600). */
const vaultMasterKey = (config: WusheConfig, dataDir: string): string => {
  if (config.VAULT_MASTER_KEY) return config.VAULT_MASTER_KEY;
  if (config.EVENT_STORE !== 'sqlite') {
    throw new Error('VAULT_MASTER_KEY is required outside the embedded mode (base64 of 32 bytes)');
  }
  return secretFile(join(dataDir, 'vault-master.key'), generateVaultMasterKey).trim();
};

/** The configured event store alone (the relay needs nothing else: no vault key, no read models). */
export const openEventStore = (config: WusheConfig, dataDir = resolve(config.DATA_DIR)): Promise<EventStore> => {
  mkdirSync(dataDir, { recursive: true });
  switch (config.EVENT_STORE) {
    case 'sqlite':
      return openSqliteEventStore(join(dataDir, 'events.db'), {
        synchronous: config.SQLITE_SYNCHRONOUS,
        groupCommit: config.SQLITE_GROUP_COMMIT,
      });
    case 'postgres':
      return openPostgresEventStore(config.POSTGRES_URL!, config.POSTGRES_SCHEMA);
    case 'eventstoredb':
      return openEventStoreDbEventStore(config.EVENTSTORE_CONNECTION_STRING!);
  }
};

/** Where the read models live, as the configuration says (the projector thread opens its own connection to the same). */
export const readModelDatabaseOptions = (config: WusheConfig, dataDir = resolve(config.DATA_DIR)): ReadModelDatabaseOptions =>
  config.READ_MODELS === 'postgres'
    ? { kind: 'postgres', connectionString: config.POSTGRES_URL!, schema: `${config.POSTGRES_SCHEMA}_read` }
    : { kind: 'sqlite', path: join(dataDir, 'read-models.db') };

/** PROJECTOR_LEASES for a runner of these projections (its part of PROJECTOR_SHARE); none without leases. */
export const projectorLease = (config: WusheConfig, names: readonly string[]): Pick<ProjectionRunnerOptions, 'lease'> =>
  config.PROJECTOR_LEASES
    ? {
        lease: {
          owner: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
          ttlMs: config.PROJECTOR_LEASE_MS,
          ...(config.PROJECTOR_SHARE ? { share: config.PROJECTOR_SHARE.split(',').filter((name) => names.includes(name)) } : {}),
        },
      }
    : {};

/** Read-your-writes over two runners: reached once both have projected the position. */
const bothReached = (...waiters: PositionWaiter[]): PositionWaiter => ({
  waitForPosition: async (position, timeoutMs) => {
    await Promise.all(waiters.map((waiter) => waiter.waitForPosition(position, timeoutMs)));
  },
});

const openVault = (config: WusheConfig, dataDir: string): Promise<PersonalDataVault> => {
  const masterKey = vaultMasterKey(config, dataDir);
  // Personal data sits beside the read models' server when there is one, else in its own file.
  return config.POSTGRES_URL && config.EVENT_STORE !== 'sqlite'
    ? openPostgresPersonalDataVault(config.POSTGRES_URL, config.POSTGRES_SCHEMA, masterKey)
    : openSqlitePersonalDataVault(join(dataDir, 'vault.db'), masterKey);
};

export interface InfrastructureOptions {
  /** The clock commands are decided on (the demo loads weeks of history in seconds); default: real time. */
  clock?: () => Date;
  /** PROJECTOR_THREAD=worker: the thread's module (default: the built one beside list-projector-thread.js). */
  listProjectorWorker?: ListProjectorWorker;
}

export const openInfrastructure = async (config: WusheConfig, options: InfrastructureOptions = {}): Promise<Infrastructure> => {
  const dataDir = resolve(config.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const closers: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
  };
  try {
    const eventStore = await openEventStore(config, dataDir);
    closers.push(() => eventStore.close());
    const vault = await openVault(config, dataDir);
    closers.push(() => vault.close());
    const database = await openReadModelDatabase(readModelDatabaseOptions(config, dataDir));
    closers.push(() => database.close());
    const aggregates = new AggregateStore(eventStore, domainEventRegistry, { clock: options.clock });
    const shutdown = new AbortController();
    const readYourWrites = new ReadYourWrites({
      db: database.db,
      projections: [...createReadModelProjections(), ...createAsOfProjections()].map((projection) => projection.name),
      headPosition: () => eventStore.headPosition(),
      shutdown: shutdown.signal,
    });
    const readModels: ReadModels = {
      database,
      queries: new ReadModelQueries(database, { waiter: readYourWrites, waitTimeoutMs: config.READ_WAIT_TIMEOUT_MS }),
      runner: null,
      listsThread: null,
      waitForPosition: (position, timeoutMs) => readYourWrites.waitForPosition(position, timeoutMs),
      status: async () => (await Promise.all(statusSources.map((source) => source.status()))).flat(),
    };
    const stops: (() => Promise<void>)[] = [];
    /** The runners of this process (the main thread's, the lists thread's) whose projections /health reports. */
    const statusSources: { status(): Promise<ProjectionStatus[]> }[] = [];
    const infrastructure: Infrastructure = {
      config,
      eventStore,
      aggregates,
      vault,
      readModels,
      relay: null,
      shutdown: shutdown.signal,
      beginShutdown() {
        if (!shutdown.signal.aborted) shutdown.abort(new ShuttingDownError());
      },
      async startProjector(extra = [], logger) {
        const lists = [...createReadModelProjections(), ...createAsOfProjections()];
        // Each runner takes its part of PROJECTOR_SHARE: a name neither runs is a mistake, refused as before.
        const unknown = config.PROJECTOR_LEASES ? (config.PROJECTOR_SHARE?.split(',') ?? []).filter((name) => ![...lists, ...extra].some((projection) => projection.name === name)) : [];
        if (unknown.length > 0) throw new Error(`The lease share names no projection of this runner: ${unknown.join(', ')}`);
        // PROJECTOR_THREAD=worker: the lists are written by a worker thread; this thread keeps `extra`
        // (policies, workflows, auto-match: they issue commands and read the API's matching feed).
        const thread = config.PROJECTOR_THREAD === 'worker' ? await ListProjectorThread.start(config, logger, options.listProjectorWorker) : null;
        if (thread) {
          readModels.listsThread = thread;
          stops.push(() => thread.stop());
          statusSources.push(thread);
        }
        const projections = thread ? extra : [...lists, ...extra];
        const runner = new ProjectionRunner({
          store: eventStore,
          database,
          projections,
          upcast: registryUpcaster(domainEventRegistry),
          logger,
          ...projectorLease(config, projections.map((projection) => projection.name)),
        });
        await runner.start();
        readModels.runner = runner;
        statusSources.push(runner);
        readYourWrites.follow(thread ? bothReached(runner, thread) : runner);
        stops.push(() => runner.stop());
        return runner;
      },
      onClose(stop) {
        stops.push(stop);
      },
      async stopBackground() {
        for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
      },
      async close() {
        infrastructure.beginShutdown();
        await infrastructure.stopBackground();
        await closeAll();
      },
    };
    return infrastructure;
  } catch (error) {
    await closeAll();
    throw error;
  }
};
