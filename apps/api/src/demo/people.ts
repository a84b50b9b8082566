/**
 * Invented but well-formed personal data and registration codes. Names, phones and ID numbers go
 * through the API's person fields into the encrypted vault; events only ever see a reference.
 */
import { GIVEN_NAME_CHARACTERS, ROADS, SURNAMES } from './district-data.js';
import type { Prng } from './prng.js';

/** 思明区's administrative division code, the first six digits of its residents' ID numbers. */
const SIMING_DIVISION_CODE = '350203';

export interface DemoPerson {
  name: string;
  phone: string;
  idNumber: string;
  address?: string;
}

export const chineseName = (random: Prng): string =>
  random.pick(SURNAMES) + random.pick(GIVEN_NAME_CHARACTERS) + (random.chance(0.7) ? random.pick(GIVEN_NAME_CHARACTERS) : '');

/** How neighbours name an older resident: 陈阿婆, 林伯. */
export const elderlyName = (random: Prng): string => random.pick(SURNAMES) + random.pick(['阿婆', '阿伯', '奶奶', '爷爷', '阿姨', '伯']);

export const mobilePhone = (random: Prng): string =>
  `1${random.pick(['3', '5', '7', '8', '9'])}${Array.from({ length: 9 }, () => random.int(0, 9)).join('')}`;

/** GB 11643 check character (ISO 7064 MOD 11-2) of a 17-digit ID number body. */
const idCheckCharacter = (body: string): string => {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((total, digit, index) => total + Number(digit) * weights[index]!, 0);
  return '10X98765432'[sum % 11]!;
};

export const idNumber = (random: Prng, birthYear: number): string => {
  const month = String(random.int(1, 12)).padStart(2, '0');
  const day = String(random.int(1, 28)).padStart(2, '0');
  const body = `${SIMING_DIVISION_CODE}${birthYear}${month}${day}${String(random.int(0, 999)).padStart(3, '0')}`;
  return body + idCheckCharacter(body);
};

export const streetAddress = (random: Prng): string => `${random.pick(ROADS)}${random.int(1, 380)}号${random.int(1, 12)}0${random.int(1, 4)}室`;

export const person = (random: Prng, birthYear: number, withAddress = false): DemoPerson => ({
  name: chineseName(random),
  phone: mobilePhone(random),
  idNumber: idNumber(random, birthYear),
  ...(withAddress ? { address: streetAddress(random) } : {}),
});

// GB 32100: 统一社会信用代码 = authority + kind + division (6) + organisation code (9, GB 11714) + check.
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORGANISATION_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** Registration authority and kind: 51 社会团体, 52 民办非企业单位, 91 企业, 13 群团 (机构编制). */
export type RegistrationKind = '51' | '52' | '91' | '13';

export const unifiedSocialCreditCode = (random: Prng, kind: RegistrationKind): string => {
  const digits = Array.from({ length: 8 }, () => random.int(0, 9));
  const organisationCheck = 11 - (digits.reduce((sum, digit, index) => sum + digit * ORGANISATION_CODE_WEIGHTS[index]!, 0) % 11);
  const organisationCode = digits.join('') + (organisationCheck === 10 ? 'X' : organisationCheck === 11 ? '0' : String(organisationCheck));
  const body = `${kind}${SIMING_DIVISION_CODE}${organisationCode}`;
  const sum = [...body].reduce((total, char, index) => total + USCC_ALPHABET.indexOf(char) * USCC_WEIGHTS[index]!, 0);
  return body + USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
};
