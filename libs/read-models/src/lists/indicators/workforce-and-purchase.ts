import { sql, type Kysely } from 'kysely';
import { selectAt } from '../../framework/temporal/as-of-select.js';
import type { ReadModelTables } from '../read-model-tables.js';
import type { AdministrativeLevel } from '../shared/columns.js';
import type { CertifiedByGrade, PurchasedContracts, StationCoverage, StreetVolunteers } from './indicators.js';

/** Seed 004: one social-work station (社工站) per street. */
export const STATION_COVERAGE_TARGET = 1.0;

const ratio = (numerator: number, denominator: number): number | null =>
  denominator > 0 ? Math.round((numerator / denominator) * 10_000) / 10_000 : null;
const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

export interface WorkforceAndPurchase {
  certifiedByGrade: CertifiedByGrade;
  volunteersByStreet: StreetVolunteers[];
  stations: StationCoverage;
  purchasedContracts: PurchasedContracts;
}

/**
 * The seeds' workforce and purchase figures for one area, now or as of the end of a Beijing day:
 * certified social workers by grade, volunteers as a share of residents street by street, street
 * stations under contract per street, and the contracts purchased so far with their value (fen).
 */
export async function workforceAndPurchase(
  db: Kysely<ReadModelTables>,
  level: AdministrativeLevel,
  code: string,
  asOf: string | null,
): Promise<WorkforceAndPurchase> {
  const from = (table: keyof ReadModelTables & string) => selectAt(db, table, asOf);
  const [grades, residentsByStreet, volunteersByStreet, streets, purchased] = await Promise.all([
    from('social_workers')
      .select(['grade', sql<number>`count(*)`.as('count')])
      .where(level, '=', code)
      .where('status', '=', 'active')
      .where('grade', 'is not', null)
      .groupBy('grade')
      .execute() as Promise<{ grade: string; count: number }[]>,
    from('communities')
      .select(['street', sql<number>`sum(residents)`.as('residents')])
      .where(level, '=', code)
      .groupBy('street')
      .execute() as Promise<{ street: string; residents: number }[]>,
    from('volunteers')
      .select(['street', sql<number>`count(*)`.as('active')])
      .where(level, '=', code)
      .where('status', '=', 'active')
      .groupBy('street')
      .execute() as Promise<{ street: string; active: number }[]>,
    // A station counts while its contract is in force, for the street it serves.
    from('projects')
      .select(sql<number>`count(distinct street)`.as('covered'))
      .where('kind', '=', 'social_work_station')
      .where('station_level', '=', 'street')
      .where('status', '=', 'contracted')
      .where('street', 'in', selectAt(db, 'communities', asOf).select('communities.street').where(`communities.${level}`, '=', code))
      .executeTakeFirstOrThrow() as Promise<{ covered: number }>,
    from('projects')
      .select([sql<number>`count(*)`.as('contracts'), sql<number>`sum(contract_price_fen)`.as('value_fen')])
      .where(level, '=', code)
      .where('signed_at', 'is not', null)
      .executeTakeFirstOrThrow() as Promise<{ contracts: number; value_fen: number | null }>,
  ]);

  const certified: CertifiedByGrade = { assistant: 0, intermediate: 0, senior: 0 };
  for (const { grade, count } of grades) if (grade in certified) certified[grade as keyof CertifiedByGrade] = num(count);
  const active = new Map(volunteersByStreet.map((row) => [row.street, num(row.active)]));
  const byStreet = residentsByStreet
    .map(({ street, residents }) => ({ street, residents: num(residents), active: active.get(street) ?? 0, shareOfResidents: ratio(active.get(street) ?? 0, num(residents)) }))
    .sort((left, right) => (left.street < right.street ? -1 : left.street > right.street ? 1 : 0));
  const streetCount = residentsByStreet.length;
  const covered = num(streets.covered);
  return {
    certifiedByGrade: certified,
    volunteersByStreet: byStreet,
    stations: { streets: streetCount, streetsWithStation: covered, coverage: ratio(covered, streetCount), target: STATION_COVERAGE_TARGET },
    purchasedContracts: { contracts: num(purchased.contracts), valueFen: num(purchased.value_fen) },
  };
}
