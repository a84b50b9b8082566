/**
 * The registry from stored type name to current schema version, and the upcasters that lift
 * any stored version to the current one (Eventuous: explicit, versioned type names). Old events
 * stay readable forever: a changed shape is a new schemaVersion plus an upcaster from the old one.
 */
import type { DomainEvent } from './decider.js';

/**
 * Lifts the data of `type` from schemaVersion `from` to `from + 1`. It may read the stored event's
 * own id (a v1 fact that lacked an id of its own gets that one: stable, and unique).
 */
export interface Upcaster {
  readonly type: string;
  readonly from: number;
  readonly upcast: (data: Record<string, unknown>, stored: StoredEventShape) => Record<string, unknown>;
}

export interface StoredEventShape {
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  /** Present on every recorded event; upcasters that derive an id from it require it. */
  readonly eventId?: string;
}

export class UnknownEventTypeError extends Error {
  constructor(readonly type: string) {
    super(`Unknown event type ${type}: register it in the domain's event registry`);
    this.name = 'UnknownEventTypeError';
  }
}

/** A stored schemaVersion this code has no shape for: newer than current (a newer writer), or not a version at all. */
export class UnknownSchemaVersionError extends Error {
  constructor(
    readonly type: string,
    readonly schemaVersion: number,
    readonly known: number,
  ) {
    super(
      schemaVersion > known
        ? `${type} v${schemaVersion} is newer than this code knows (v${known}): deploy the code that wrote it`
        : `${type} v${schemaVersion} is not a schema version (1 to ${known})`,
    );
    this.name = 'UnknownSchemaVersionError';
  }
}

export class EventRegistry {
  private readonly versions = new Map<string, number>();
  private readonly upcasters = new Map<string, Upcaster>();

  constructor(eventTypes: readonly Readonly<Record<string, number>>[], upcasters: readonly Upcaster[] = []) {
    for (const table of eventTypes) {
      for (const [type, version] of Object.entries(table)) {
        if (this.versions.has(type)) throw new Error(`Event type ${type} is registered twice`);
        this.versions.set(type, version);
      }
    }
    for (const upcaster of upcasters) this.upcasters.set(`${upcaster.type}@${upcaster.from}`, upcaster);
    // Every version below the current one must have its upcaster, or old events would be unreadable.
    for (const [type, version] of this.versions) {
      for (let from = 1; from < version; from++) {
        if (!this.upcasters.has(`${type}@${from}`)) throw new Error(`Missing upcaster for ${type} v${from} -> v${from + 1}`);
      }
    }
  }

  has(type: string): boolean {
    return this.versions.has(type);
  }

  types(): string[] {
    return [...this.versions.keys()];
  }

  schemaVersionOf(type: string): number {
    const version = this.versions.get(type);
    if (version === undefined) throw new UnknownEventTypeError(type);
    return version;
  }

  upcast(event: StoredEventShape): DomainEvent {
    const current = this.schemaVersionOf(event.type);
    if (!Number.isInteger(event.schemaVersion) || event.schemaVersion < 1 || event.schemaVersion > current) {
      throw new UnknownSchemaVersionError(event.type, event.schemaVersion, current);
    }
    let data = event.data as Record<string, unknown>;
    for (let version = event.schemaVersion; version < current; version++) {
      data = this.upcasters.get(`${event.type}@${version}`)!.upcast(data, event);
    }
    return { type: event.type, data };
  }
}
