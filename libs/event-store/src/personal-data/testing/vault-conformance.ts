import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PersonalDataErasedError, PersonalDataUnreadableError, type PersonalDataVault } from '../personal-data-vault.js';
import { generateVaultMasterKey } from '../vault-cipher.js';

export interface VaultFixture {
  vault: PersonalDataVault;
  /** The raw stored bytes for one person, straight from storage: null where no row exists. */
  inspect(personRef: string): Promise<{ wrappedKey: Buffer | null; sealed: Buffer | null }>;
  /** Another vault instance over the same storage, with the given master key. */
  reopen(masterKey: string): Promise<PersonalDataVault>;
  /** The master key `vault` was opened with. */
  masterKey: string;
  cleanup(): Promise<void>;
}

/** The one suite every PersonalDataVault implementation passes. */
export function personalDataVaultConformanceSuite(name: string, factory: () => Promise<VaultFixture>): void {
  describe(`PersonalDataVault conformance: ${name}`, () => {
    let fixture: VaultFixture;
    let vault: PersonalDataVault;
    const newPerson = () => `person-${randomUUID()}`;
    const elder = { name: '王秀英', idNumber: '330902194503120027', phone: '13905801234', address: '舟山市定海区解放东路 12 号', note: '' };

    beforeAll(async () => {
      fixture = await factory();
      vault = fixture.vault;
    });

    afterAll(async () => {
      await fixture?.cleanup();
    });

    it('gives back exactly what was put', async () => {
      const person = newPerson();
      await vault.put(person, elder);
      await expect(vault.get(person)).resolves.toEqual(elder);
      await expect(vault.isErased(person)).resolves.toBe(false);
    });

    it('answers null for an unknown person, who is not erased', async () => {
      const person = newPerson();
      await expect(vault.get(person)).resolves.toBeNull();
      await expect(vault.isErased(person)).resolves.toBe(false);
    });

    it('replaces the whole record on a second put', async () => {
      const person = newPerson();
      await vault.put(person, elder);
      await vault.put(person, { name: '王秀英', phone: '13800000000' });
      await expect(vault.get(person)).resolves.toEqual({ name: '王秀英', phone: '13800000000' });
    });

    it('stores only ciphertext: no field is readable at rest, and equal records encrypt differently', async () => {
      const [first, second] = [newPerson(), newPerson()];
      await vault.put(first, elder);
      await vault.put(second, elder);
      const [a, b] = [await fixture.inspect(first), await fixture.inspect(second)];
      for (const stored of [a, b]) {
        expect(stored.sealed).not.toBeNull();
        expect(stored.wrappedKey).not.toBeNull();
        for (const value of [elder.name, elder.idNumber, elder.phone, '解放东路']) {
          expect(stored.sealed!.includes(Buffer.from(value, 'utf8'))).toBe(false);
        }
      }
      expect(a.sealed!.equals(b.sealed!)).toBe(false);
      expect(a.wrappedKey!.equals(b.wrappedKey!)).toBe(false);
    });

    it('erases key and ciphertext, remembers the erasure, and refuses to store the person again', async () => {
      const person = newPerson();
      await vault.put(person, elder);
      await vault.erase(person);

      await expect(vault.get(person)).resolves.toBeNull();
      await expect(vault.isErased(person)).resolves.toBe(true);
      await expect(fixture.inspect(person)).resolves.toEqual({ wrappedKey: null, sealed: null });
      await expect(vault.put(person, elder)).rejects.toBeInstanceOf(PersonalDataErasedError);
      await expect(vault.put(person, elder)).rejects.toMatchObject({ code: 'PERSONAL_DATA_ERASED', personRef: person });
      await expect(vault.get(person)).resolves.toBeNull();
      await expect(vault.erase(person)).resolves.toBeUndefined();
    });

    it('remembers the erasure of a person it never stored', async () => {
      const person = newPerson();
      await vault.erase(person);
      await expect(vault.isErased(person)).resolves.toBe(true);
      await expect(vault.put(person, elder)).rejects.toBeInstanceOf(PersonalDataErasedError);
    });

    it('erases one person without touching another', async () => {
      const [erased, kept] = [newPerson(), newPerson()];
      await vault.put(erased, elder);
      await vault.put(kept, { name: '李明' });
      await vault.erase(erased);
      await expect(vault.get(kept)).resolves.toEqual({ name: '李明' });
      await expect(vault.isErased(kept)).resolves.toBe(false);
    });

    it('reads the data back through another instance with the same master key, and refuses a wrong one loudly', async () => {
      const person = newPerson();
      await vault.put(person, elder);
      const same = await fixture.reopen(fixture.masterKey);
      const wrong = await fixture.reopen(generateVaultMasterKey());
      try {
        await expect(same.get(person)).resolves.toEqual(elder);
        await expect(wrong.get(person)).rejects.toBeInstanceOf(PersonalDataUnreadableError);
        await expect(wrong.put(person, { name: 'x' })).rejects.toBeInstanceOf(PersonalDataUnreadableError);
        await expect(vault.get(person)).resolves.toEqual(elder);
      } finally {
        await same.close();
        await wrong.close();
      }
    });

    it('keeps one key per person when two instances store the same new person at once', async () => {
      const other = await fixture.reopen(fixture.masterKey);
      try {
        for (let round = 0; round < 5; round++) {
          const person = newPerson();
          await Promise.all([vault.put(person, { name: 'a' }), other.put(person, { name: 'b' })]);
          const read = await vault.get(person);
          expect(['a', 'b']).toContain(read?.name);
          await expect(other.get(person)).resolves.toEqual(read);
        }
      } finally {
        await other.close();
      }
    });

    it('rejects malformed input before storing anything', async () => {
      const person = newPerson();
      await expect(vault.put(person, { age: 81 } as unknown as Record<string, string>)).rejects.toBeInstanceOf(TypeError);
      await expect(vault.put('', elder)).rejects.toBeInstanceOf(TypeError);
      await expect(vault.put('person with spaces', elder)).rejects.toBeInstanceOf(TypeError);
      await expect(vault.get(person)).resolves.toBeNull();
    });
  });
}
