import type { PersonalDataVault } from '#event-store';

/** What a detail query shows of a person: the name from the vault, or the fact that it was erased. */
export interface PersonView {
  name: string | null;
  personalDataErased: boolean;
}

export const personViewOf = async (vault: PersonalDataVault, personRef: string): Promise<PersonView> => {
  const [data, erased] = await Promise.all([vault.get(personRef), vault.isErased(personRef)]);
  return { name: erased ? null : (data?.name ?? null), personalDataErased: erased };
};
