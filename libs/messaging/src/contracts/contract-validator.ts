import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { integrationEventDefinitions } from './public-contract.js';

export interface ContractViolation {
  type: string;
  /** ajv's findings as `path: message`; never the offending values, which could be personal. */
  problems: string[];
}

// Formats are annotations here: every date and instant also carries a pattern that checks it.
const newAjv = () => new Ajv2020({ strict: true, allErrors: true, formats: { 'date-time': true, date: true, uuid: true } });

/**
 * Validates integration events against their schemas, compiled once, in two readings of the contract:
 * `check` what a consumer may find on a topic (the published schema: a shape an earlier release wrote
 * under the type is a deprecated alternative), `checkProduced` what the current producer may write
 * (the current shape only; the relay refuses anything else).
 */
export class ContractValidator {
  private readonly published: Map<string, ValidateFunction>;
  private readonly produced: Map<string, ValidateFunction>;

  constructor() {
    const ajv = newAjv();
    this.published = new Map(integrationEventDefinitions().map((definition) => [definition.type, ajv.compile(definition.schema)]));
    // A second ajv for the current-shape schemas (they carry the same $id as the published ones); only
    // a type with an earlier shape has one of its own, every other type is checked the same both ways.
    const current = newAjv();
    this.produced = new Map(
      integrationEventDefinitions().map((definition) => [
        definition.type,
        definition.producedSchema === definition.schema ? this.published.get(definition.type)! : current.compile(definition.producedSchema),
      ]),
    );
  }

  knows(type: string): boolean {
    return this.published.has(type);
  }

  /** null when `message` is a valid integration event of a known type, in any shape its topic holds (what a consumer accepts). */
  check(message: unknown): ContractViolation | null {
    return ContractValidator.against(this.published, message);
  }

  /** null when `message` is a valid integration event in its type's current shape (what the relay may publish). */
  checkProduced(message: unknown): ContractViolation | null {
    return ContractValidator.against(this.produced, message);
  }

  private static against(validators: ReadonlyMap<string, ValidateFunction>, message: unknown): ContractViolation | null {
    const type = typeof message === 'object' && message !== null ? String((message as { type?: unknown }).type) : 'unknown';
    const validate = validators.get(type);
    if (!validate) return { type, problems: [`unknown integration event type`] };
    if (validate(message)) return null;
    return { type, problems: (validate.errors ?? []).map((error) => `${error.instancePath || '/'}: ${error.message ?? error.keyword}`) };
  }
}

let shared: ContractValidator | undefined;

/** One validator per process: compiling the schemas takes a moment, checking takes microseconds. */
export const contractValidator = (): ContractValidator => (shared ??= new ContractValidator());
