import { communityDecider, type CommunityCommand } from '#domain';
import { commandTable } from '../command-handling/command-table.js';

/** 社区: registered and its population updated; it needs no facts about other aggregates, it is the platform. */
export const communityCommands = commandTable<CommunityCommand>()(communityDecider, {});
