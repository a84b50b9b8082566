/**
 * Where a relay remembers the global position of the last event the broker acknowledged.
 * Saved only after the acknowledgement, so a crash republishes (at-least-once) but never skips.
 */
export interface RelayCheckpointStore {
  /** The saved position, 0 when this relay never published anything. */
  load(name: string): Promise<number>;
  save(name: string, position: number): Promise<void>;
}

/** For tests and single-process experiments: forgets everything on exit. */
export class InMemoryRelayCheckpointStore implements RelayCheckpointStore {
  private readonly positions = new Map<string, number>();

  async load(name: string): Promise<number> {
    return this.positions.get(name) ?? 0;
  }

  async save(name: string, position: number): Promise<void> {
    // Same monotonic rule as the SQLite store: a late writer never moves a checkpoint back.
    this.positions.set(name, Math.max(position, this.positions.get(name) ?? 0));
  }
}
