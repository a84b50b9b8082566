import { applyCorrections, chinaDateTimeOf, domainEventRegistry, notFound, type ProjectEvent } from '#domain';
import type { EventStore } from '#event-store';
import { type OcdsObject, type OcdsValue, PROJECT_RELEASES, type ReleaseContext } from './ocds-mapping.js';

export interface OpenContractingSettings {
  /** `ocds-` and six characters: the publisher's registered prefix (OCDS_OCID_PREFIX). */
  readonly ocidPrefix: string;
  readonly publisherName: string;
}

export interface OcdsRelease extends OcdsObject {
  ocid: string;
  id: string;
  date: string;
  tag: string[];
  initiationType: 'tender';
}

export interface OcdsRecord extends OcdsObject {
  ocid: string;
  releases: OcdsRelease[];
  compiledRelease: OcdsRelease;
}

const isObject = (value: OcdsValue | undefined): value is OcdsObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const identified = (values: OcdsValue[]): values is OcdsObject[] => values.length > 0 && values.every((value) => isObject(value) && typeof value.id === 'string');

/**
 * OCDS merging (1.1, "Merging"): objects merge field by field, arrays of objects with ids merge item by
 * id (a later release's fields win), every other value is replaced by the later one.
 */
export const mergeOcds = (earlier: OcdsObject, later: OcdsObject): OcdsObject => {
  const merged: OcdsObject = { ...earlier };
  for (const [field, value] of Object.entries(later)) {
    const before = merged[field];
    if (isObject(before) && isObject(value)) merged[field] = mergeOcds(before, value);
    else if (Array.isArray(before) && Array.isArray(value) && identified(before) && identified(value)) {
      const items = new Map(before.map((item) => [item.id as string, item]));
      for (const item of value) items.set(item.id as string, items.has(item.id as string) ? mergeOcds(items.get(item.id as string)!, item) : item);
      merged[field] = [...items.values()];
    } else merged[field] = value;
  }
  return merged;
};

/**
 * Every government purchase (a project) as Open Contracting releases and a compiled record (issue 12
 * item 6): read from the project's stream (after operator corrections), one release per fact that
 * OCDS has a place for, ids stable (`<revision>-<type>`), so a re-published file says the same.
 */
export class OpenContracting {
  constructor(
    private readonly store: Pick<EventStore, 'readStream'>,
    private readonly settings: OpenContractingSettings,
  ) {}

  ocidOf(projectId: string): string {
    return `${this.settings.ocidPrefix}-${projectId}`;
  }

  get publisher(): { name: string } {
    return { name: this.settings.publisherName };
  }

  /** The project's releases, oldest first; PROJECT_NOT_FOUND when it was never designed. */
  async releases(projectId: string): Promise<OcdsRelease[]> {
    const stored = await this.store.readStream(`project-${projectId}`);
    if (stored.length === 0) throw notFound('PROJECT_NOT_FOUND', `No project ${projectId}`, { projectId });
    const facts = applyCorrections(stored.map((recorded) => ({ eventId: recorded.eventId, ...domainEventRegistry.upcast(recorded) })));
    const byEventId = new Map(stored.map((recorded) => [recorded.eventId, recorded]));
    const organisationNames = await this.bidderNames(facts as ProjectEvent[]);
    const ocid = this.ocidOf(projectId);
    const releases: OcdsRelease[] = [];
    let awardId: string | null = null;
    for (const fact of facts as (ProjectEvent & { eventId: string })[]) {
      const recorded = byEventId.get(fact.eventId)!;
      if (fact.type === 'AwardAnnounced' || fact.type === 'OrganisationContracted') awardId = fact.data.bidId;
      const context: ReleaseContext = { projectId, awardId, organisationNames, date: chinaDateTimeOf(new Date(recorded.metadata.occurredAt)) };
      const map = PROJECT_RELEASES[fact.type] as (data: unknown, context: ReleaseContext) => ReturnType<(typeof PROJECT_RELEASES)['ProjectDesigned']>;
      const release = map(fact.data, context);
      if (!release) continue;
      releases.push({
        ocid,
        id: `${ocid}-${recorded.revision}-${fact.type}`,
        date: context.date,
        tag: [...release.tag],
        initiationType: 'tender',
        language: 'zh',
        ...release.parts,
      });
    }
    return releases;
  }

  /** The record: every release, and the compiled release that merges them in order. */
  async record(projectId: string): Promise<OcdsRecord> {
    const releases = await this.releases(projectId);
    const merged = releases.reduce<OcdsObject>((compiled, release) => mergeOcds(compiled, release), {});
    const last = releases.at(-1)!;
    const compiledRelease = { ...merged, id: `${last.ocid}-compiled`, date: last.date, tag: ['compiled'] } as OcdsRelease;
    return { ocid: this.ocidOf(projectId), releases, compiledRelease };
  }

  /** A record package (OCDS 1.1) holding one project's record. */
  async recordPackage(projectId: string, uri: string): Promise<OcdsObject> {
    const record = await this.record(projectId);
    return { uri, version: '1.1', publishedDate: record.compiledRelease.date, publisher: this.publisher, records: [record] };
  }

  /** A release package (OCDS 1.1) of the given projects' releases; `next` is the link to the following page. */
  async releasePackage(projectIds: readonly string[], uri: string, next: string | null, now: Date): Promise<OcdsObject> {
    const releases: OcdsRelease[] = [];
    for (const projectId of projectIds) releases.push(...(await this.releases(projectId)));
    return {
      uri, version: '1.1', publishedDate: chinaDateTimeOf(now), publisher: this.publisher, releases,
      ...(next ? { links: { next } } : {}),
    };
  }

  /** The bidders' names, from their organisations' registrations (bids carry only the id). */
  private async bidderNames(facts: readonly ProjectEvent[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (const fact of facts) {
      if (fact.type !== 'BidSubmitted' || names.has(fact.data.organisationId)) continue;
      const [registered] = await this.store.readStream(`organisation-${fact.data.organisationId}`);
      if (registered) names.set(fact.data.organisationId, (domainEventRegistry.upcast(registered).data as { name: string }).name);
    }
    return names;
  }
}
