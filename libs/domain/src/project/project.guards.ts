import type { DecisionContext } from '../shared/decider.js';
/** What every phase of a project's decisions checks: the project exists, its contract is in force, bidding is open. */
import { hasText } from '../shared/command-shape.js';
import { conflict, notFound } from '../shared/domain-error.js';
import type { Area } from '../shared/values.js';
import type { ProjectCommand } from './project.commands.js';
import type { ProjectEvent } from './project.events.js';
import type { Bid, ContractState, DesignedProject, ProjectState } from './project.state.js';

export const PROJECT_TITLE_MAX_LENGTH = 200;
export const PROPOSAL_MAX_LENGTH = 20_000;
export const REPORT_SUMMARY_MAX_LENGTH = 20_000;
export const RATING_COMMENT_MAX_LENGTH = 500;

export const isPositiveInteger = (value: number): boolean => Number.isSafeInteger(value) && value > 0;
export const blank = (text: unknown): boolean => !hasText(text);
export const isStation = (project: DesignedProject): boolean => project.kind === 'social_work_station';
export const standingBids = (project: DesignedProject): Bid[] => project.bids.filter((bid) => !bid.withdrawn);

export const requireProject = (state: ProjectState): DesignedProject => {
  if (state.status === 'absent') throw notFound('PROJECT_NOT_FOUND', 'No such project');
  return state;
};

export const requireActiveContract = (project: DesignedProject): ContractState => {
  if (project.status !== 'contracted' || !project.contract) {
    throw conflict('CONTRACT_NOT_ACTIVE', `The project has no contract in force (it is ${project.status})`, {
      projectId: project.projectId,
      status: project.status,
    });
  }
  return project.contract;
};

/** Bids are taken only between publication and the deadline. */
export const requireOpenBidding = (project: DesignedProject, now: Date): { deadline: string; minimumGrade: number } => {
  if (project.status === 'designed') {
    throw conflict('PROJECT_NOT_PUBLISHED', 'The project is not published for purchase yet', { projectId: project.projectId });
  }
  if (project.status !== 'published' || !project.bidding || now.getTime() > Date.parse(project.bidding.deadline)) {
    throw conflict('BIDDING_CLOSED', 'Bidding on this project is closed', {
      projectId: project.projectId,
      deadline: project.bidding?.deadline ?? null,
    });
  }
  return project.bidding;
};

/** Does `place` (a community's whole area) lie in `scope` (a project's area, '' for the levels it spans)? */
export const withinArea = (place: Area, scope: Area): boolean =>
  (['city', 'district', 'street', 'community'] as const).every((level) => blank(scope[level]) || scope[level] === place[level]);

/** One phase's decisions, by command type: the project decider composes the phases. */
export type PhaseDecisions<Type extends ProjectCommand['type']> = {
  readonly [T in Type]: (project: DesignedProject, data: Extract<ProjectCommand, { type: T }>['data'], now: Date, actor: DecisionContext['actor']) => ProjectEvent[];
};
