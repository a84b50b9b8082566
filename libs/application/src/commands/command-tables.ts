import { communityCommands } from './community.commands.js';
import { donationCommands } from './donation.commands.js';
import { elderCommands } from './elder.commands.js';
import { needCommands } from './need.commands.js';
import { organisationCommands } from './organisation.commands.js';
import { projectCommands } from './project.commands.js';
import { socialWorkerCommands } from './social-worker.commands.js';
import { volunteerCommands } from './volunteer.commands.js';

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
  need: needCommands,
  project: projectCommands,
  elder: elderCommands,
} as const;
