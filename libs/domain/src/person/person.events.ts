import type { DomainEvent } from '../shared/decider.js';
import type { Area, IsoInstant } from '../shared/values.js';

/** The kinds of record that name a person by its pseudonymous vault reference. */
export type PersonRecordKind = 'volunteer' | 'socialWorker' | 'need' | 'donation' | 'elder';

/**
 * 个人信息删除 (PIPL): a civil-affairs office erased the person's data. The vault destroyed the
 * person's key (crypto-shredding); this fact keeps who erased (the envelope's actor), when, which
 * pseudonymous reference, and under which authority: the records that named the person and the
 * narrowest area holding them all, which the eraser's area covered. It carries no personal data.
 */
export interface PersonalDataErasedData {
  readonly personRef: string;
  readonly records: readonly { readonly kind: PersonRecordKind; readonly id: string }[];
  /** The narrowest area holding every record ('' below the first level where they differ). */
  readonly area: Area;
  readonly erasedAt: IsoInstant;
}

export type PersonalDataErased = DomainEvent<'PersonalDataErased', PersonalDataErasedData>;

export type PersonEvent = PersonalDataErased;

/** Stored type name -> current schemaVersion. */
export const personEventTypes = {
  PersonalDataErased: 1,
} as const satisfies Record<PersonEvent['type'], number>;
