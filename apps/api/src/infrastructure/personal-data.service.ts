import { Inject, Injectable } from '@nestjs/common';
import type { CommandEnvelope, PersonalDataVault } from '#event-store';
import { newId } from '../http/ids.js';
import type { PersonalDataDto } from '../http/personal-data.dto.js';
import { PERSONAL_DATA_VAULT } from './tokens.js';

/**
 * Puts a person's identifying data in the vault under a fresh pseudonymous reference and runs the
 * command that mentions the reference; if the command is refused, the data is erased again so no
 * orphan personal data stays behind.
 */
@Injectable()
export class PersonalDataService {
  constructor(@Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault) {}

  async withPerson<T>(envelope: CommandEnvelope, person: PersonalDataDto | undefined, run: (personRef: string) => Promise<T>): Promise<T> {
    const personRef = `person-${newId(envelope, 'person')}`;
    const clear = Object.fromEntries(Object.entries(person ?? {}).filter(([, value]) => typeof value === 'string' && value !== '')) as Record<string, string>;
    if (Object.keys(clear).length === 0) return run(personRef);
    await this.vault.put(personRef, clear);
    try {
      return await run(personRef);
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
