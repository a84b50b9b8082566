/** The slice of a structured logger the relay needs; a pino logger fits as is. */
export interface RelayLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** Warnings and errors to stderr as one JSON line each; info and debug dropped. For scripts and tests. */
export const stderrRelayLogger: RelayLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (fields, message) => console.warn(JSON.stringify({ level: 'warn', message, ...fields })),
  error: (fields, message) => console.error(JSON.stringify({ level: 'error', message, ...fields })),
};

export const describeError = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);
