import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { integrationEventDefinitions } from './public-contract.js';

export interface ContractViolation {
  type: string;
  /** ajv's findings as `path: message`; never the offending values, which could be personal. */
  problems: string[];
}

/** Validates integration events against their published schemas, compiled once. */
export class ContractValidator {
  private readonly validators = new Map<string, ValidateFunction>();

  constructor() {
    // Formats are annotations here: every date and instant also carries a pattern that checks it.
    const ajv = new Ajv2020({ strict: true, allErrors: true, formats: { 'date-time': true, date: true, uuid: true } });
    for (const definition of integrationEventDefinitions()) this.validators.set(definition.type, ajv.compile(definition.schema));
  }

  knows(type: string): boolean {
    return this.validators.has(type);
  }

  /** null when `message` is a valid integration event of a known type. */
  check(message: unknown): ContractViolation | null {
    const type = typeof message === 'object' && message !== null ? String((message as { type?: unknown }).type) : 'unknown';
    const validate = this.validators.get(type);
    if (!validate) return { type, problems: [`unknown integration event type`] };
    if (validate(message)) return null;
    return { type, problems: (validate.errors ?? []).map((error) => `${error.instancePath || '/'}: ${error.message ?? error.keyword}`) };
  }
}

let shared: ContractValidator | undefined;

/** One validator per process: compiling the schemas takes a moment, checking takes microseconds. */
export const contractValidator = (): ContractValidator => (shared ??= new ContractValidator());
