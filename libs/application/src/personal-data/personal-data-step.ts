import { randomUUID } from 'node:crypto';
import type { PersonalDataVault } from '#event-store';

/** A person's identifying fields as a caller sends them (name, phone, id number, address); only non-blank text is kept. */
export type PersonalFields = object;

/**
 * The personal-data step of handling a command: the person's identifying data goes to the vault
 * under a fresh pseudonymous reference, and the command mentions only the reference. The reference
 * is new on every attempt (an erased one can never be reused), so: if the command is refused, or
 * it was a retry that replayed an earlier attempt (whose facts name the earlier reference), this
 * attempt's copy is erased again and no orphan personal data stays behind.
 */
export class PersonalDataStep {
  constructor(private readonly vault: PersonalDataVault) {}

  async withPerson<T extends { replayed?: boolean }>(person: PersonalFields | undefined, run: (personRef: string) => Promise<T>): Promise<T> {
    const personRef = `person-${randomUUID()}`;
    const clear = Object.fromEntries(Object.entries(person ?? {}).filter(([, value]) => typeof value === 'string' && value !== '')) as Record<string, string>;
    if (Object.keys(clear).length === 0) return run(personRef);
    await this.vault.put(personRef, clear);
    try {
      const result = await run(personRef);
      if (result.replayed) await this.vault.erase(personRef);
      return result;
    } catch (error) {
      await this.vault.erase(personRef);
      throw error;
    }
  }

  read(personRef: string) {
    return this.vault.get(personRef);
  }

  erase(personRef: string) {
    return this.vault.erase(personRef);
  }
}
