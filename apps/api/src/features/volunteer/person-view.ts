import { type AuthenticatedActor, maySeePerson, type PersonRecord } from '#application';
import type { PersonalDataVault } from '#event-store';

/** What a detail query shows of a person: the name from the vault, or why it is not shown. */
export interface PersonView {
  name: string | null;
  personalDataErased: boolean;
  /** True when the asker may not see the person (libs/application: maySeePerson); the vault is not read. */
  personalDataHidden: boolean;
}

export const personViewOf = async (
  vault: PersonalDataVault,
  personRef: string,
  asker: AuthenticatedActor | undefined,
  record: PersonRecord,
  /** The person asking about its own record. */
  self = false,
): Promise<PersonView> => {
  if (!self && !maySeePerson(asker, record)) return { name: null, personalDataErased: false, personalDataHidden: true };
  const [data, erased] = await Promise.all([vault.get(personRef), vault.isErased(personRef)]);
  return { name: erased ? null : (data?.name ?? null), personalDataErased: erased, personalDataHidden: false };
};
