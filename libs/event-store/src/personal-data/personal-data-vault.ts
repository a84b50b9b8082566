/**
 * Personal data of beneficiaries, volunteers and donors lives here, never in events: an event names
 * a person only by a pseudonymous `personRef`. Each person's data is encrypted under their own key;
 * erasing destroys that key and the ciphertext (crypto-shredding), so the person is forgotten even
 * though the events that mention the reference stay immutable (PIPL; DOMAIN.md "Privacy").
 */
export interface PersonalDataVault {
  /** Stores (or replaces) a person's data. Refused once the person was erased. */
  put(personRef: string, data: Record<string, string>): Promise<void>;
  /** The person's data; null when the person was erased or is unknown (see isErased). */
  get(personRef: string): Promise<Record<string, string> | null>;
  /** Destroys the person's key and data for good and remembers the erasure; repeating it is harmless. */
  erase(personRef: string): Promise<void>;
  isErased(personRef: string): Promise<boolean>;
  close(): Promise<void>;
}

/** A put for a person whose data was erased: re-identifying them under the same reference is refused. */
export class PersonalDataErasedError extends Error {
  readonly code = 'PERSONAL_DATA_ERASED';
  constructor(readonly personRef: string) {
    super(`The personal data of ${personRef} was erased and cannot be stored again under this reference`);
    this.name = 'PersonalDataErasedError';
  }
}

/** Stored data cannot be decrypted: a wrong master key, or tampered rows. Never answered as "unknown". */
export class PersonalDataUnreadableError extends Error {
  readonly code = 'PERSONAL_DATA_UNREADABLE';
  constructor(readonly personRef: string, options?: { cause?: unknown }) {
    super(`The personal data of ${personRef} cannot be decrypted (wrong master key or tampered storage)`, options);
    this.name = 'PersonalDataUnreadableError';
  }
}

const PERSON_REF = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

/** Rejects references and payloads that are programming errors, before any I/O. */
export function assertValidPersonRef(personRef: string): void {
  if (typeof personRef !== 'string' || !PERSON_REF.test(personRef)) {
    throw new TypeError('personRef must be 1-200 characters of letters, digits, ".", "_", ":" or "-"');
  }
}

export function assertValidPersonalData(data: Record<string, string>): void {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new TypeError('personal data must be an object of strings');
  for (const [key, value] of Object.entries(data)) {
    if (typeof value !== 'string') throw new TypeError(`personal data field "${key}" must be a string`);
  }
}
