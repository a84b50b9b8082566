import { forbidden, notFound } from '#domain';
import type { AuthenticatedActor } from '../identity/actor.js';
import { areaCovers, type DecisionArea } from './authority.js';

/** Only the civil-affairs office, which answers for the registers, forgets a person (PIPL). */
export const ERASING_ROLE = 'civil_affairs_bureau';

/**
 * Who may erase a person's data (issue 10): a civil-affairs office whose area covers every record
 * that names the person (a volunteer, a social worker, a need's beneficiary, a donor). A reference no
 * record names answers 404 PERSON_NOT_FOUND: with no area to check, the decision fails closed.
 * Throws the refusal; returns when the actor may erase.
 */
export const checkErasure = (actor: AuthenticatedActor, personRef: string, records: readonly { readonly kind: string; readonly area: DecisionArea }[]): void => {
  if (actor.role !== ERASING_ROLE) {
    throw forbidden('ROLE_NOT_PERMITTED', `Only ${ERASING_ROLE} may erase personal data`, { command: 'ErasePersonalData', role: actor.role, roles: [ERASING_ROLE] });
  }
  if (records.length === 0) throw notFound('PERSON_NOT_FOUND', 'No record names this person', { personRef });
  const outside = records.filter((record) => !areaCovers(actor.area, record.area));
  if (outside.length > 0) {
    throw forbidden('OUTSIDE_YOUR_AREA', 'The person is named by records outside the actor\'s area', {
      command: 'ErasePersonalData', actorArea: actor.area, kinds: [...new Set(outside.map((record) => record.kind))],
    });
  }
};
