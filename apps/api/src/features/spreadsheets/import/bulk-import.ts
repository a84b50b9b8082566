import { createHash } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import {
  type AnyCommandTable, CommandService, type InputOf, needCommands, PersonalDataStep, volunteerCommands,
} from '#application';
import { chinaDateOf, DomainError } from '#domain';
import { type CommandEnvelope, IdempotencyKeyReusedError } from '#event-store';
import { HttpApiError } from '../../../http/api-error.js';
import { newId } from '../../../http/ids.js';
import { DTO_VALIDATOR_OPTIONS, flatten } from '../../../http/validation.js';
import { checkJsonValue } from '../../../http/request-input.js';
import { ListNeedDto } from '../../need/need.dto.js';
import { RegisterVolunteerDto } from '../../volunteer/volunteer.dto.js';
import { type ImportColumn, NEED_IMPORT_COLUMNS, VOLUNTEER_IMPORT_COLUMNS } from './import-columns.js';
import type { ImportProblem, ImportRow } from './import-sheet.js';

/** What one kind of import is: its template, the DTO of its HTTP command, and the command a row becomes. */
export interface ImportKind<Table extends AnyCommandTable = AnyCommandTable> {
  readonly kind: 'needs' | 'volunteers';
  readonly sheetName: string;
  readonly columns: readonly ImportColumn[];
  readonly dto: new () => object;
  readonly table: Table;
  readonly commandType: InputOf<Table>['type'];
  /** The id purpose `POST /needs` / `POST /volunteers` derives ids with (newId). */
  readonly idPurpose: string;
  /** The person's fields that go to the vault. */
  readonly person: (dto: never) => object | undefined;
  readonly command: (dto: never, id: string, personRef: string) => InputOf<Table>;
}

export const NEED_IMPORT: ImportKind<typeof needCommands> = {
  kind: 'needs',
  sheetName: '居民需求',
  columns: NEED_IMPORT_COLUMNS,
  dto: ListNeedDto,
  table: needCommands,
  commandType: 'ListNeed',
  idPurpose: 'need',
  person: (dto: ListNeedDto) => dto.beneficiary,
  command: ({ beneficiary: _person, ...need }: ListNeedDto, needId, beneficiaryRef) => ({
    type: 'ListNeed',
    data: { ...need, needId, beneficiaryRef, requiredSkills: need.requiredSkills ?? [], ...(need.window ? { window: { ...need.window } } : {}) },
  }),
};

export const VOLUNTEER_IMPORT: ImportKind<typeof volunteerCommands> = {
  kind: 'volunteers',
  sheetName: '志愿者',
  columns: VOLUNTEER_IMPORT_COLUMNS,
  dto: RegisterVolunteerDto,
  table: volunteerCommands,
  commandType: 'RegisterVolunteer',
  idPurpose: 'volunteer',
  person: (dto: RegisterVolunteerDto) => dto.person,
  command: (dto: RegisterVolunteerDto, volunteerId, personRef) => ({
    type: 'RegisterVolunteer',
    data: { volunteerId, personRef, communityId: dto.communityId, registeredOn: dto.registeredOn ?? chinaDateOf(new Date()) },
  }),
};

export interface ImportedRow {
  readonly row: number;
  readonly id: string;
  /** True when an earlier import of the same row had already recorded it: nothing stored now. */
  readonly alreadyImported: boolean;
  readonly position: number;
}

export interface ImportResult {
  readonly kind: ImportKind['kind'];
  readonly rows: number;
  readonly imported: number;
  readonly alreadyImported: number;
  /** The last position written: `?minPosition=` on the lists reads the import. */
  readonly position: number;
  readonly results: readonly ImportedRow[];
}

/** Canonical JSON (sorted keys): the same row content always hashes the same. */
const canonical = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`).join(',')}}`;
  return JSON.stringify(value) ?? 'null';
};

/** Where a refusal of the command belongs in the sheet: the column its field came from, if any. */
const COLUMN_OF_CODE: Record<string, string> = {
  COMMUNITY_NOT_FOUND: 'communityId',
  OUTSIDE_YOUR_AREA: 'communityId',
  NEED_WINDOW_INVALID: 'window.from',
};

/**
 * 批量导入 (issue 12 item 7): every row of the sheet is one command, checked exactly as its HTTP
 * command is (the same DTO, then the command's role, facts, authority and decision, without storing),
 * and only a file whose every row passes is stored, row by row through the same command path, the
 * person's data to the vault first. Each row's Idempotency-Key is derived from its content (a hash of
 * the row's cells), scoped to the importing office (issuer, role and area): importing the same file
 * again, or a file that repeats rows already imported, records nothing twice.
 */
/** The first cell of a row that `checkJsonValue` refuses (controls, bidi overrides, invisible-only text), by field. */
const rowTextProblem = (body: object): { field: string; message: string } | undefined => {
  try {
    checkJsonValue(body, 'row');
    return undefined;
  } catch (error) {
    if (!(error instanceof HttpApiError) || error.code !== 'INVALID_TEXT') throw error;
    const path = String(error.details?.['field'] ?? 'row');
    return { field: path.replace(/^row\.?/, ''), message: error.message.replace(/^row\./, '') };
  }
};

export class BulkImport {
  constructor(
    private readonly commands: CommandService,
    private readonly personalData: PersonalDataStep,
  ) {}

  async run(kind: ImportKind, rows: readonly ImportRow[], request: CommandEnvelope): Promise<ImportResult> {
    const headerOf = (field: string): string | null => kind.columns.find((column) => column.field === field || field.startsWith(`${column.field}.`) || column.field.startsWith(`${field}.`))?.header ?? null;
    const problems: ImportProblem[] = [];
    const checked: { row: number; dto: object; envelope: CommandEnvelope; id: string }[] = [];
    const seen = new Map<string, number>();
    const scope = `${request.actor.issuer ?? ''}|${request.actor.role}@${canonical((request.actor as { area?: unknown }).area ?? null)}`;

    for (const { row, body } of rows) {
      // The same text check as every JSON body (request-input.ts): a cell is typed text too.
      const textProblem = rowTextProblem(body);
      if (textProblem) {
        problems.push({ row, column: headerOf(textProblem.field), code: 'INVALID_TEXT', message: textProblem.message });
        continue;
      }
      const dto = plainToInstance(kind.dto, body);
      const invalid = flatten(await validate(dto, DTO_VALIDATOR_OPTIONS));
      if (invalid.length > 0) {
        for (const { field, constraints } of invalid) problems.push({ row, column: headerOf(field), code: 'VALIDATION_FAILED', message: Object.values(constraints).join('; ') });
        continue;
      }
      const rowHash = createHash('sha256').update(canonical({ kind: kind.kind, body })).digest('base64url');
      const twin = seen.get(rowHash);
      if (twin !== undefined) {
        problems.push({ row, column: null, code: 'IMPORT_DUPLICATE_ROW', message: `The same row as row ${twin}: it would be recorded once` });
        continue;
      }
      seen.set(rowHash, row);
      const envelope: CommandEnvelope = { ...request, idempotencyKey: `${scope}|import ${kind.kind}|${rowHash}`, requestHash: rowHash };
      const id = newId(envelope, kind.idPurpose);
      try {
        // The person's data is not stored while checking: a placeholder reference stands for it.
        await this.commands.trial(kind.table, id, kind.command(dto as never, id, 'person-to-be-stored'), envelope);
        checked.push({ row, dto, envelope, id });
      } catch (error) {
        problems.push(this.problemOf(row, error, headerOf));
      }
    }
    if (problems.length > 0) {
      throw new HttpApiError(422, 'IMPORT_REJECTED', `${new Set(problems.map((problem) => problem.row)).size} row(s) cannot be imported; nothing was stored`, { problems });
    }

    const results: ImportedRow[] = [];
    for (const { row, dto, envelope, id } of checked) {
      try {
        const handled = await this.personalData.withPerson(kind.person(dto as never), (personRef) => this.commands.handle(kind.table, id, kind.command(dto as never, id, personRef), envelope));
        results.push({ row, id, alreadyImported: handled.replayed, position: handled.position });
      } catch (error) {
        // Only a change between the check and the store (a race) lands here: the rows before are stored, and importing the file again completes it.
        throw new HttpApiError(409, 'IMPORT_INTERRUPTED', `Row ${row} was refused while storing; rows before it were stored, import the same file again to finish`, {
          problems: [this.problemOf(row, error, headerOf)],
          stored: results,
        });
      }
    }
    return {
      kind: kind.kind,
      rows: results.length,
      imported: results.filter((result) => !result.alreadyImported).length,
      alreadyImported: results.filter((result) => result.alreadyImported).length,
      position: Math.max(0, ...results.map((result) => result.position)),
      results,
    };
  }

  private problemOf(row: number, error: unknown, headerOf: (field: string) => string | null): ImportProblem {
    if (error instanceof DomainError) {
      const field = COLUMN_OF_CODE[error.code];
      return { row, column: field ? headerOf(field) : null, code: error.code, message: error.message };
    }
    if (error instanceof IdempotencyKeyReusedError) return { row, column: null, code: error.code, message: error.message };
    throw error;
  }
}
