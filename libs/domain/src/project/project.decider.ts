/**
 * A project bought through government purchase of services (政府购买服务):
 * designed -> published for purchase -> bids submitted / withdrawn -> bidding closed -> award
 * announced, challenged within its standstill (upheld: bidding reopens) -> organisation contracted -> staff assigned and confirmed on post -> services delivered,
 * reports filed, ratings and annual evaluations -> completed, or contract terminated.
 */
import type { DecisionContext, Decider } from '../shared/decider.js';
import type { ProjectFacts } from '../shared/facts.js';
import { awardAndChallenges } from './award-and-challenges.decider.js';
import { contractAndStaffing } from './contract-and-staffing.decider.js';
import { deliveryAndEvaluation } from './delivery-and-evaluation.decider.js';
import { designAndPurchase, designProject } from './design-and-purchase.decider.js';
import type { ProjectCommand } from './project.commands.js';
import type { ProjectEvent } from './project.events.js';
import { type PhaseDecisions, requireProject } from './project.guards.js';
import { evolveProject, type ProjectState } from './project.state.js';

export { PROJECT_TITLE_MAX_LENGTH, PROPOSAL_MAX_LENGTH, RATING_COMMENT_MAX_LENGTH, REPORT_SUMMARY_MAX_LENGTH } from './project.guards.js';

/** Every command but the design, by phase: the compiler checks that each has exactly one decision. */
const decisions: PhaseDecisions<Exclude<ProjectCommand['type'], 'DesignProject'>> = { ...designAndPurchase, ...awardAndChallenges, ...contractAndStaffing, ...deliveryAndEvaluation };

const decide = (command: ProjectCommand, state: ProjectState, context: DecisionContext): ProjectEvent[] => {
  if (command.type === 'DesignProject') return designProject(command.data, state, context.now);
  const decision = decisions[command.type] as (project: ReturnType<typeof requireProject>, data: unknown, now: Date, actor: DecisionContext['actor']) => ProjectEvent[];
  return decision(requireProject(state), command.data, context.now, context.actor);
};

export const projectDecider: Decider<ProjectState, ProjectCommand, ProjectEvent> = {
  streamPrefix: 'project',
  initialState: () => ({ status: 'absent' }),
  decide,
  evolve: evolveProject,
};

/** What other aggregates and the matcher may rely on; a handler asking about a missing project gets a 404. */
export function toProjectFacts(state: ProjectState): ProjectFacts {
  const project = requireProject(state);
  return {
    projectId: project.projectId,
    status: project.status,
    categories: project.categories,
    area: project.area,
    contractorOrganisationId: project.contract?.organisationId ?? null,
  };
}
