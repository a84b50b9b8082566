import type { Kysely } from 'kysely';
import type { ProjectionCheckpointsTable } from './checkpoints.js';

/**
 * How projector processes share the projections: each projection's checkpoint row carries a lease
 * (owner, expiry). A runner applies only the projections it holds and renews their leases every
 * third of the lease time; a process that dies stops renewing, and once its leases have expired
 * another process takes them and goes on from their checkpoints. The checkpoint's compare-and-set
 * (moveCheckpoint) still guards every batch, so even two holders at once (a process paused past
 * its expiry) never apply an event twice.
 *
 * Expiry is wall-clock milliseconds written by the holder: the projector hosts' clocks must agree
 * to well within the lease time (NTP keeps them to milliseconds).
 */
export interface ProjectionLeaseOptions {
  /** This process, unique among the projectors sharing the store (host:pid:random by default in platform). */
  owner: string;
  /** How long a lease lasts without renewal (default 10 s): how long a dead process's share waits. */
  ttlMs?: number;
  /**
   * The projections this process takes at once (its share). Others it takes only once nobody has
   * held them for a whole lease time after it started: a standby for the rest, not a competitor.
   * Absent: every projection is its share (first come, first served; later processes stand by).
   */
  share?: readonly string[];
}

export class ProjectionLeases {
  readonly owner: string;
  readonly ttlMs: number;
  private readonly share: ReadonlySet<string> | null;
  private readonly startedAt: number;

  constructor(
    private readonly db: Kysely<ProjectionCheckpointsTable>,
    options: ProjectionLeaseOptions,
    private readonly clock: () => number = Date.now,
  ) {
    this.owner = options.owner;
    this.ttlMs = options.ttlMs ?? 10_000;
    this.share = options.share ? new Set(options.share) : null;
    this.startedAt = this.clock();
  }

  /**
   * Renews what this process holds and takes what it may (its share when free or expired, the rest
   * when abandoned for a lease time); answers the names it holds now. Each take is one atomic
   * UPDATE, so two processes never both win a lease. A process that finds its share held by a
   * standby asks for it (`lease_wanted_by`); the standby hands it back on its next round.
   */
  async claim(names: readonly string[]): Promise<Set<string>> {
    const now = this.clock();
    const settled = now - this.startedAt >= this.ttlMs;
    const rows = new Map(
      (await this.db.selectFrom('projection_checkpoints').select(['name', 'lease_owner', 'lease_wanted_by']).where('name', 'in', [...names]).execute()).map((row) => [row.name, row]),
    );
    const held = new Set<string>();
    for (const name of names) {
      const mine = this.share === null || this.share.has(name);
      const row = rows.get(name);
      if (!mine && row?.lease_owner === this.owner && row.lease_wanted_by !== null && row.lease_wanted_by !== this.owner) {
        await this.handOver(name, now);
        continue;
      }
      if (!mine && !settled) continue;
      const result = await this.db
        .updateTable('projection_checkpoints')
        .set({ lease_owner: this.owner, lease_expires_at: now + this.ttlMs, ...(mine ? { lease_wanted_by: null } : {}) })
        .where('name', '=', name)
        .where((eb) =>
          mine
            ? eb.or([eb('lease_owner', 'is', null), eb('lease_owner', '=', this.owner), eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<', now)])
            : // Outside its share a process waits a lease time longer, so the process whose share it is wins.
              eb.or([eb('lease_owner', '=', this.owner), eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<', now - this.ttlMs)]),
        )
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 1) held.add(name);
      else if (mine) await this.db.updateTable('projection_checkpoints').set({ lease_wanted_by: this.owner }).where('name', '=', name).execute();
    }
    return held;
  }

  /** Lets the process that asks take the projection next; standbys wait a lease time (the expiry is now). */
  private async handOver(name: string, now: number): Promise<void> {
    await this.db
      .updateTable('projection_checkpoints')
      .set({ lease_owner: null, lease_expires_at: now })
      .where('name', '=', name)
      .where('lease_owner', '=', this.owner)
      .execute();
  }

  /** Gives every lease of this process up (on stop), so another process takes over at once. */
  async release(): Promise<void> {
    await this.db.updateTable('projection_checkpoints').set({ lease_owner: null, lease_expires_at: null }).where('lease_owner', '=', this.owner).execute();
  }
}
