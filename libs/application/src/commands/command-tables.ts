import { communityCommands } from './community.commands.js';
import { donationCommands } from './donation.commands.js';
import { matchingPoolCommands } from './matching-pool.commands.js';
import { grantRoundCommands } from './grant-round.commands.js';
import { elderCommands } from './elder.commands.js';
import { needCommands } from './need.commands.js';
import { organisationCommands } from './organisation.commands.js';
import { personCommands } from './person.commands.js';
import { projectCommands } from './project.commands.js';
import { socialWorkerCommands } from './social-worker.commands.js';
import { volunteerCommands } from './volunteer.commands.js';
import { webhookCommands } from './webhook.commands.js';

/**
 * Every aggregate's command table, by aggregate: what a generated test (authority matrix, hostile
 * input) enumerates, so a new aggregate or command cannot be left out of it.
 */
export const COMMAND_TABLES = {
  community: communityCommands,
  organisation: organisationCommands,
  socialWorker: socialWorkerCommands,
  volunteer: volunteerCommands,
  donation: donationCommands,
  matchingPool: matchingPoolCommands,
  grantRound: grantRoundCommands,
  need: needCommands,
  project: projectCommands,
  webhook: webhookCommands,
  person: personCommands,
  elder: elderCommands,
} as const;
