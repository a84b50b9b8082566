/**
 * Small builders for the contract's JSON Schemas (draft 2020-12). The schemas are plain data, so
 * the same constants validate at run time (ajv), are written to schemas/*.json and are referenced
 * from asyncapi.yaml. Every object is closed (`additionalProperties: false`) and lists every
 * property as required: an optional value is `null`, never a missing key.
 */
import {
  EVALUATION_GRADES,
  NEED_RESOURCE_KINDS,
  NEED_SOURCES,
  ORGANISATION_KINDS,
  PROJECT_KINDS,
  REPORT_KINDS,
  SERVICE_RATINGS,
  SOCIAL_WORKER_GRADES,
  STATION_LEVELS,
  URGENCIES,
  DONOR_KINDS,
  serviceCategories,
} from '#domain';

export type JsonSchema = { readonly [keyword: string]: unknown };

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/** Ids are opaque tokens (UUIDs or the API's `[A-Za-z0-9_-]` ids); never a name. */
export const ID_PATTERN = '^[A-Za-z0-9._:-]{1,128}$';

/** Marks an area code: the one string kind without a pattern (codes or place names, not personal). */
export const AREA_CODE_TITLE = 'area code';

export const id = (description?: string): JsonSchema => ({ type: 'string', pattern: ID_PATTERN, ...(description ? { description } : {}) });

export const instant = (description?: string): JsonSchema => ({
  type: 'string',
  format: 'date-time',
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$',
  ...(description ? { description } : {}),
});

export const date = (description?: string): JsonSchema => ({
  type: 'string',
  format: 'date',
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  ...(description ? { description } : {}),
});

export const month = (description?: string): JsonSchema => ({ type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$', ...(description ? { description } : {}) });

export const integer = (minimum = 0, description?: string, maximum?: number): JsonSchema => ({
  type: 'integer',
  minimum,
  ...(maximum === undefined ? {} : { maximum }),
  ...(description ? { description } : {}),
});

export const number = (minimum = 0, description?: string): JsonSchema => ({ type: 'number', minimum, ...(description ? { description } : {}) });

/** Money in fen (分): whole, never rounded. */
export const fen = (description?: string): JsonSchema => integer(0, description ?? 'Amount in fen (1/100 yuan)');

export const boolean = (description?: string): JsonSchema => ({ type: 'boolean', ...(description ? { description } : {}) });

export const enumOf = (values: readonly string[], description?: string): JsonSchema => ({
  type: 'string',
  enum: [...values],
  ...(description ? { description } : {}),
});

export const constant = (value: string | number): JsonSchema => ({ const: value });

export const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: 'null' }] });

export const arrayOf = (items: JsonSchema, description?: string): JsonSchema => ({ type: 'array', items, ...(description ? { description } : {}) });

export const object = (properties: Record<string, JsonSchema>, description?: string): JsonSchema => ({
  type: 'object',
  ...(description ? { description } : {}),
  additionalProperties: false,
  required: Object.keys(properties),
  properties,
});

/** One of several closed objects told apart by the constant in their `tag` property. */
export const tagged = (tag: string, variants: Record<string, Record<string, JsonSchema>>, description?: string): JsonSchema => ({
  ...(description ? { description } : {}),
  oneOf: Object.entries(variants).map(([value, properties]) => object({ [tag]: constant(value), ...properties })),
});

export const areaCode = (level: string): JsonSchema => ({
  type: 'string',
  title: AREA_CODE_TITLE,
  maxLength: 64,
  description: `${level} code (区划代码); '' where the fact sits above this level`,
});

/** City > district > street > community (DOMAIN.md): every placed fact carries all four codes. */
export const area = (description?: string): JsonSchema =>
  object(
    { city: areaCode('City'), district: areaCode('District or county'), street: areaCode('Street or town'), community: areaCode('Community or village') },
    description ?? 'Where the fact happened',
  );

export const districtCode = (description?: string): JsonSchema => ({ ...areaCode('District or county'), ...(description ? { description } : {}) });

// Enumerations come from the domain's own lists, so a new value there shows up as a contract change.
export const category = (description?: string): JsonSchema => enumOf(serviceCategories, description ?? 'Service category');
export const categories = (description?: string): JsonSchema => arrayOf(category(), description ?? 'Service categories');
export const urgency = (): JsonSchema => enumOf(URGENCIES, 'Urgency, low to critical');
export const needSource = (): JsonSchema => enumOf(NEED_SOURCES, 'How the community learnt of the need');
export const needResourceKind = (): JsonSchema => enumOf(NEED_RESOURCE_KINDS, 'Kind of resource on the resources list');
export const organisationKind = (): JsonSchema => enumOf(Object.keys(ORGANISATION_KINDS), 'Kind of organisation');
export const socialWorkerGrade = (): JsonSchema => enumOf(Object.keys(SOCIAL_WORKER_GRADES), 'Social worker grade (社会工作者职业水平)');
export const donorKind = (): JsonSchema => enumOf(Object.keys(DONOR_KINDS), 'Kind of donor; never who');
export const donatedResource = (): JsonSchema => enumOf(['money', 'goods', 'venue_time'], 'What is given');
export const projectKind = (): JsonSchema => enumOf(PROJECT_KINDS, 'Service project or social-work station (社工站)');
export const stationLevel = (): JsonSchema => enumOf(STATION_LEVELS, "A district's general station (总站) or a street station");
export const reportKind = (): JsonSchema => enumOf(REPORT_KINDS, 'Monthly brief, mid-term or final report (rule 10)');
export const serviceRating = (): JsonSchema => enumOf(SERVICE_RATINGS, "Residents' 好差评");
export const evaluationGrade = (): JsonSchema => enumOf(EVALUATION_GRADES, "Annual performance grade; 'unqualified' ends the contract (rule 9)");
