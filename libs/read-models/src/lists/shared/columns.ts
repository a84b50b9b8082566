import type { CreateTableBuilder } from 'kysely';
import type { Area } from '#domain';

/** Every row that sits somewhere carries the four area codes, so any level filters without a join. */
export interface AreaColumns {
  city: string;
  district: string;
  street: string;
  community: string;
}

export const ADMINISTRATIVE_LEVELS = ['city', 'district', 'street', 'community'] as const;
export type AdministrativeLevel = (typeof ADMINISTRATIVE_LEVELS)[number];

export const areaColumns = (area: Area): AreaColumns => ({
  city: area.city,
  district: area.district,
  street: area.street,
  community: area.community,
});

export const areaOf = (row: AreaColumns): Area => ({
  city: row.city,
  district: row.district,
  street: row.street,
  community: row.community,
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyCreateTable = CreateTableBuilder<any, any>;

export const addAreaColumns = <Builder extends AnyCreateTable>(builder: Builder): Builder =>
  builder
    .addColumn('city', 'text', (c) => c.notNull())
    .addColumn('district', 'text', (c) => c.notNull())
    .addColumn('street', 'text', (c) => c.notNull())
    .addColumn('community', 'text', (c) => c.notNull()) as Builder;

/** Lists are stored as JSON text: portable across SQLite and PostgreSQL, read back whole. */
export const toJson = (value: unknown): string => JSON.stringify(value);
export const fromJson = <T>(text: string | null): T => (text === null ? (null as T) : (JSON.parse(text) as T));

/** bigint columns arrive as numbers or strings depending on the driver; null stays null. */
export const numberOrNull = (value: number | null): number | null => (value === null ? null : Number(value));

export const flag = (value: boolean): number => (value ? 1 : 0);

/** Whole seconds between two ISO instants (time to first match). */
export const secondsBetween = (fromIso: string, toIso: string): number =>
  Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 1000));

/** Sums of hours keep two decimals: float noise must not differ between live and rebuild orders. */
export const roundHours = (hours: number): number => Math.round(hours * 100) / 100;
