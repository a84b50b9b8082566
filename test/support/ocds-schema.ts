/**
 * The part of the Open Contracting Data Standard 1.1 schemas (release, release package, record package;
 * https://standard.open-contracting.org/1.1/en/schema/) that Wushe's export uses: every required field,
 * the closed codelists as enums, amounts as Value (number + ISO 4217 currency), dates as date-time and addresses as URIs.
 * Written down here, not fetched, so the test runs offline; extend it when the export uses more fields.
 */
// The standard says format date-time and uri; written as patterns so ajv needs no format plugin.
const dateTime = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$' } as const;
const uri = { type: 'string', pattern: '^https?://[^\\s]+$' } as const;
const value = { type: 'object', required: ['amount', 'currency'], properties: { amount: { type: 'number' }, currency: { type: 'string', pattern: '^[A-Z]{3}$' } } } as const;
const period = { type: 'object', properties: { startDate: dateTime, endDate: dateTime, maxExtentDate: dateTime, durationInDays: { type: 'integer' } } } as const;
const organizationReference = { type: 'object', required: ['id'], properties: { id: { type: 'string' }, name: { type: 'string' } } } as const;
const milestone = {
  type: 'object',
  required: ['id'],
  properties: {
    id: { type: 'string' }, title: { type: 'string' }, description: { type: 'string' }, dueDate: dateTime, dateMet: dateTime,
    type: { enum: ['preProcurement', 'approval', 'engagement', 'assessment', 'delivery', 'reporting', 'financing'] },
    status: { enum: ['scheduled', 'met', 'notMet', 'partiallyMet'] },
  },
} as const;
const document = { type: 'object', required: ['id'], properties: { id: { type: 'string' }, documentType: { type: 'string' }, datePublished: dateTime } } as const;

export const OCDS_RELEASE_SCHEMA = {
  $id: 'ocds-release-1.1-subset',
  type: 'object',
  required: ['ocid', 'id', 'date', 'tag', 'initiationType'],
  properties: {
    ocid: { type: 'string', pattern: '^ocds-[a-z0-9]{6}-' },
    id: { type: 'string', minLength: 1 },
    date: dateTime,
    tag: {
      type: 'array', minItems: 1,
      items: { enum: ['planning', 'planningUpdate', 'tender', 'tenderAmendment', 'tenderUpdate', 'tenderCancellation', 'award', 'awardUpdate', 'awardCancellation', 'contract', 'contractUpdate', 'contractAmendment', 'implementation', 'implementationUpdate', 'contractTermination', 'compiled'] },
    },
    initiationType: { enum: ['tender'] },
    language: { type: 'string' },
    parties: {
      type: 'array',
      items: {
        type: 'object', required: ['id'],
        properties: { id: { type: 'string' }, name: { type: 'string' }, roles: { type: 'array', items: { enum: ['buyer', 'procuringEntity', 'supplier', 'tenderer', 'funder', 'enquirer', 'payer', 'payee', 'reviewBody', 'interestedParty'] } } },
      },
    },
    buyer: organizationReference,
    planning: { type: 'object', properties: { rationale: { type: 'string' }, budget: { type: 'object', properties: { amount: value } } } },
    tender: {
      type: 'object',
      required: ['id'],
      properties: {
        id: { type: 'string' }, title: { type: 'string' },
        status: { enum: ['planning', 'planned', 'active', 'cancelled', 'unsuccessful', 'complete', 'withdrawn'] },
        procurementMethod: { enum: ['open', 'selective', 'limited', 'direct'] },
        mainProcurementCategory: { enum: ['goods', 'works', 'services'] },
        value, tenderPeriod: period, contractPeriod: period,
        numberOfTenderers: { type: 'integer' },
        tenderers: { type: 'array', items: organizationReference },
        items: { type: 'array', items: { type: 'object', required: ['id'], properties: { id: { type: 'string' }, classification: { type: 'object', properties: { scheme: { type: 'string' }, id: { type: 'string' } } } } } },
      },
    },
    awards: {
      type: 'array',
      items: { type: 'object', required: ['id'], properties: { id: { type: 'string' }, status: { enum: ['pending', 'active', 'cancelled', 'unsuccessful'] }, date: dateTime, value, suppliers: { type: 'array', items: organizationReference }, contractPeriod: period } },
    },
    contracts: {
      type: 'array',
      items: {
        type: 'object', required: ['id', 'awardID'],
        properties: {
          id: { type: 'string' }, awardID: { type: 'string', minLength: 1 }, status: { enum: ['pending', 'active', 'cancelled', 'terminated'] }, value, period, dateSigned: dateTime,
          implementation: { type: 'object', properties: { milestones: { type: 'array', items: milestone }, documents: { type: 'array', items: document } } },
        },
      },
    },
  },
} as const;

const publisher = { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1 } } } as const;

export const OCDS_RELEASE_PACKAGE_SCHEMA = {
  $id: 'ocds-release-package-1.1-subset',
  type: 'object',
  required: ['uri', 'publisher', 'publishedDate', 'releases', 'version'],
  properties: {
    uri, version: { const: '1.1' }, publishedDate: dateTime, publisher,
    releases: { type: 'array', items: { $ref: 'ocds-release-1.1-subset' } },
    links: { type: 'object', properties: { next: uri } },
  },
} as const;

export const OCDS_RECORD_PACKAGE_SCHEMA = {
  $id: 'ocds-record-package-1.1-subset',
  type: 'object',
  required: ['uri', 'publisher', 'publishedDate', 'records', 'version'],
  properties: {
    uri, version: { const: '1.1' }, publishedDate: dateTime, publisher,
    records: {
      type: 'array', minItems: 1,
      items: { type: 'object', required: ['ocid', 'releases'], properties: { ocid: { type: 'string' }, releases: { type: 'array', items: { $ref: 'ocds-release-1.1-subset' } }, compiledRelease: { $ref: 'ocds-release-1.1-subset' } } },
    },
  },
} as const;
