/**
 * Policies: what follows from a fact, as pure functions from one stored event to the commands it
 * calls for. The projector runs them off the checkpointed subscription (at least once); the
 * commands are idempotent (match ids, release of what is not held), so a redelivery changes nothing.
 */
import type { Decider, DomainCommand, DomainEvent } from '../shared/decider.js';
import type { DonationMatchedData } from '../donation/donation.events.js';
import { needDecider } from '../need/need.decider.js';
import type { NeedCommand } from '../need/need.commands.js';
import type { ProjectDesignedData } from '../project/project.events.js';
import type { VolunteerAssignedData } from '../volunteer/volunteer.events.js';

/** One command a policy calls for, on the aggregate it names. */
export interface PolicyReaction {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly decider: Decider<any, any, any>;
  readonly id: string;
  readonly command: DomainCommand;
}

export interface Policy {
  readonly name: string;
  readonly react: Readonly<Record<string, (event: DomainEvent) => PolicyReaction[]>>;
}

const onNeed = (needId: string, command: NeedCommand): PolicyReaction => ({ decider: needDecider, id: needId, command });

/** A donation matched to a need shows on the need (needs list: matched, time to first match). */
export const donationMatchesNeed: Policy = {
  name: 'donation-matches-need',
  react: {
    DonationMatched: ({ data }) => {
      const { target, matchId, donationId, amountFen } = data as DonationMatchedData;
      if (target.kind !== 'need') return [];
      return [onNeed(target.needId, { type: 'RecordResourceMatch', data: { matchId, resource: { kind: 'donation', id: donationId }, amountFen } })];
    },
  },
};

/** A volunteer assigned to a need matches the need with their weekly hours. */
export const volunteerMatchesNeed: Policy = {
  name: 'volunteer-matches-need',
  react: {
    VolunteerAssigned: ({ data }) => {
      const { target, assignmentId, volunteerId, hoursPerWeek } = data as VolunteerAssignedData;
      if (target.kind !== 'need') return [];
      return [
        onNeed(target.needId, {
          type: 'RecordResourceMatch',
          data: { matchId: assignmentId, resource: { kind: 'volunteer', id: volunteerId }, hoursPerWeek },
        }),
      ];
    },
  },
};

/** A project designed for needs covers them (seed 003: needs -> projects). */
export const projectCoversNeeds: Policy = {
  name: 'project-covers-needs',
  react: {
    ProjectDesigned: ({ data }) => {
      const { projectId, needIds, categories, area } = data as ProjectDesignedData;
      // The project as it was designed: the facts the need checks the cover against.
      const project = { projectId, status: 'designed', categories, area, contractorOrganisationId: null };
      return needIds.map((needId) => onNeed(needId, { type: 'CoverNeedByProject', data: { project } }));
    },
  },
};

export const domainPolicies: readonly Policy[] = [
  donationMatchesNeed,
  volunteerMatchesNeed,
  projectCoversNeeds,
];
