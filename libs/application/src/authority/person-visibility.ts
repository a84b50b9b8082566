import type { AuthenticatedActor } from '../identity/actor.js';
import { areaCovers, type DecisionArea } from './authority.js';

/** A record that names a person (a volunteer, a social worker): where it lies and who employs the person. */
export interface PersonRecord {
  readonly area: DecisionArea;
  readonly employerOrganisationId?: string | null;
}

/**
 * Who may see the person behind a record (the name from the vault), the read side of who may do
 * what: the civil-affairs office, the committee and auditors of the record's area, and the staff of
 * the organisation that employs the person. Everyone else sees the record without the person.
 */
export const maySeePerson = (actor: AuthenticatedActor | undefined, record: PersonRecord): boolean => {
  if (!actor) return false;
  switch (actor.role) {
    case 'civil_affairs_bureau':
    case 'community_committee':
    case 'auditor':
      return areaCovers(actor.area, record.area);
    case 'social_organisation':
    case 'social_worker':
      return record.employerOrganisationId != null && record.employerOrganisationId === actor.organisationId;
    default:
      return false;
  }
};
