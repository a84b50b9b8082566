import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigurationError, loadConfig, openInfrastructure } from '#platform';
import { correctStoredEvent } from './operator/correct-event.js';

/**
 * `npm run correct-event -- --stream <streamId> --event <eventId> --data <file.json> --reason "<why>" --operator <id>`
 * over the configured stores (the same environment as `npm start`). Prints the stored correction.
 */
const main = async () => {
  const { values } = parseArgs({
    options: { stream: { type: 'string' }, event: { type: 'string' }, data: { type: 'string' }, reason: { type: 'string' }, operator: { type: 'string' } },
  });
  const { stream, event, data, reason, operator } = values;
  if (!stream || !event || !data || !reason || !operator) {
    throw new ConfigurationError(['Usage: correct-event --stream <streamId> --event <eventId> --data <file.json> --reason "<why>" --operator <id>']);
  }
  const infrastructure = await openInfrastructure(loadConfig());
  try {
    const corrected = await correctStoredEvent(infrastructure, {
      streamId: stream,
      eventId: event,
      data: JSON.parse(readFileSync(data, 'utf8')) as Record<string, unknown>,
      reason,
      operatorId: operator,
    });
    console.log(corrected.events.length === 0 ? 'The same correction is already stored: nothing to do.' : JSON.stringify(corrected.events, null, 2));
  } finally {
    await infrastructure.close();
  }
};

main().catch((error: unknown) => {
  console.error(error instanceof ConfigurationError ? error.message : `Correction refused: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
