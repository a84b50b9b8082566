import type { Area, SocialWorkerBase } from '#domain';
import type { DecisionArea } from './authority.js';

/** The area of a record that may not exist yet: null lets the decider answer 404 first. */
export const areaOfRecord = <State extends { readonly status: string }>(state: State, area: (record: Exclude<State, { status: 'absent' }>) => DecisionArea): DecisionArea | null =>
  state.status === 'absent' ? null : area(state as Exclude<State, { status: 'absent' }>);

/** A social worker's base: a community's area, or a district's general station. */
export const areaOfBase = (base: SocialWorkerBase): DecisionArea =>
  base.level === 'community' ? base.area : { city: base.city, district: base.district };

/** An organisation's seat, or its city and district when it serves the whole district (a city unknown on old facts: no scope covers it). */
export const areaOfSeat = (seat: Area | null, city: string | null, district: string): DecisionArea => seat ?? { city, district };
