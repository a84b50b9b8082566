import { Injectable } from '@nestjs/common';
import {
  communityDecider, notFound, organisationDecider, socialWorkerDecider, toCommunityFacts, toOrganisationFacts,
  toSocialWorkerFacts, type CommunityFacts, type OrganisationFacts, type SocialWorkerFacts,
} from '#domain';
import { AggregateStore } from '#event-store';

/**
 * Loads what a decision needs to know about OTHER aggregates, from their streams (not from read
 * models, which may lag), so rules like 7, 11 and 6 are checked against the latest facts.
 */
@Injectable()
export class FactsLoader {
  constructor(private readonly aggregates: AggregateStore) {}

  async community(communityId: string): Promise<CommunityFacts> {
    const { state, revision } = await this.aggregates.load(communityDecider, communityId);
    if (revision < 0) throw notFound('COMMUNITY_NOT_FOUND', `No community ${communityId}`, { communityId });
    return toCommunityFacts(state);
  }

  async organisation(organisationId: string): Promise<OrganisationFacts> {
    const { state, revision } = await this.aggregates.load(organisationDecider, organisationId);
    if (revision < 0) throw notFound('ORGANISATION_NOT_FOUND', `No organisation ${organisationId}`, { organisationId });
    return toOrganisationFacts(state);
  }

  async socialWorker(socialWorkerId: string): Promise<SocialWorkerFacts> {
    const { state, revision } = await this.aggregates.load(socialWorkerDecider, socialWorkerId);
    if (revision < 0) throw notFound('SOCIAL_WORKER_NOT_FOUND', `No social worker ${socialWorkerId}`, { socialWorkerId });
    return toSocialWorkerFacts(state);
  }
}
