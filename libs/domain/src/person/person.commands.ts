import type { DomainCommand } from '../shared/decider.js';
import type { Area } from '../shared/values.js';
import type { PersonRecordKind } from './person.events.js';

export interface ErasePersonalDataData {
  readonly personRef: string;
  /** Every record naming the person, with its area, as the lists hold them (loaded by the service, never sent by a caller). */
  readonly records: readonly { readonly kind: PersonRecordKind; readonly id: string; readonly area: Area }[];
}

export type ErasePersonalData = DomainCommand<'ErasePersonalData', ErasePersonalDataData>;

export type PersonCommand = ErasePersonalData;
