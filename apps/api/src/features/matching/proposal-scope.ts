import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { creatorOf, readAccess, type ReadKind, type ReadRecord, unknownToTheMatcher } from '#application';
import { DomainError } from '#domain';
import type { EventStore } from '#event-store';
import { parseResourceKey } from '#matching';
import { ReadModelQueries } from '#read-models';
import { authenticatedActor } from '../../http/authentication.js';
import { EVENT_STORE } from '../../infrastructure/tokens.js';

/**
 * Who may read the matcher's proposals (issue 10, "queries filter by the same scope"): a proposal is
 * the working material of whoever decides on the record it is for, so the reader must see that record
 * in full under the one read rule (libs/application/src/authority/read-access.ts), as its detail would
 * show it. A need's proposals go to its committee, offices, charity bases and auditors; a project's to
 * them and its contractor; a donation's to its donor and the offices; a volunteer's to itself and its
 * coordinators; an organisation's proposals to those of its own staff (not a rival's). Outside that,
 * the answer is the matcher's own 404 for an unknown id, word for word, so existence is not revealed.
 */
@Injectable()
export class ProposalScope {
  constructor(
    private readonly queries: ReadModelQueries,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  async need(request: FastifyRequest, needId: string): Promise<void> {
    const record = await this.recordOr(() => this.queries.need(needId).then((need) => ({ area: need.area })));
    if (!this.seesInFull(request, 'need', record)) throw unknownToTheMatcher.need(needId);
  }

  async project(request: FastifyRequest, projectId: string): Promise<void> {
    if (!this.seesInFull(request, 'project', await this.projectRecord(projectId))) throw unknownToTheMatcher.project(projectId);
  }

  async resource(request: FastifyRequest, resourceKey: string): Promise<void> {
    const parsed = parseResourceKey(resourceKey);
    const seen = parsed ? await this.resourceSeen(request, parsed.kind, parsed.id) : false;
    if (!seen) throw unknownToTheMatcher.resource(resourceKey);
  }

  private async resourceSeen(request: FastifyRequest, kind: string, id: string): Promise<boolean> {
    switch (kind) {
      case 'donation': {
        const record = await this.recordOr(async () => ({ area: (await this.queries.donation(id)).area, createdBy: await this.creator(`donation-${id}`) }));
        return this.seesInFull(request, 'donation', record);
      }
      case 'volunteer': {
        const record = await this.recordOr(async () => ({ area: (await this.queries.volunteer(id)).area, volunteerId: id, createdBy: await this.creator(`volunteer-${id}`) }));
        return this.seesInFull(request, 'volunteer', record);
      }
      case 'social-worker': {
        const record = await this.recordOr(async () => {
          const socialWorker = await this.queries.socialWorker(id);
          return { area: socialWorker.area, employerOrganisationId: socialWorker.employerOrganisationId };
        });
        return this.seesInFull(request, 'socialWorker', record);
      }
      case 'organisation': {
        const record = await this.recordOr(async () => ({ area: (await this.queries.organisation(id)).area, organisationId: id }));
        const reader = authenticatedActor(request);
        const staff = reader?.role === 'social_organisation' || reader?.role === 'social_worker';
        return this.seesInFull(request, 'organisation', record) && (!staff || reader?.organisationId === id);
      }
      case 'project':
        return this.seesInFull(request, 'project', await this.projectRecord(id));
      default:
        return false;
    }
  }

  private projectRecord(projectId: string): Promise<ReadRecord | null> {
    return this.recordOr(async () => {
      const project = await this.queries.project(projectId);
      return { area: project.area, contractorOrganisationId: project.contractor?.organisationId ?? null };
    });
  }

  private seesInFull(request: FastifyRequest, kind: ReadKind, record: ReadRecord | null): boolean {
    if (record === null) return false;
    const access = readAccess(authenticatedActor(request), kind);
    return access.sees(record) && access.form(record) === 'full';
  }

  private async creator(streamId: string): Promise<string | null> {
    return creatorOf(await this.events.readStream(streamId));
  }

  /** The record as the read models hold it; null for an id they do not know (answered like any unknown id). */
  private async recordOr(load: () => Promise<ReadRecord>): Promise<ReadRecord | null> {
    try {
      return await load();
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not_found') return null;
      throw error;
    }
  }
}
