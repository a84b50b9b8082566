import type { DomainCommand } from '../shared/decider.js';
import type { CommunityFacts } from '../shared/facts.js';
import type { IsoDate } from '../shared/values.js';
import type { ElderCircumstance, ElderRemovalReason, HomeVisitOutcome, HomeVisitor } from './elder.events.js';

export interface RegisterElderInDifficultyData {
  readonly elderId: string;
  /** The community's registration, loaded from its stream: the person lives there. */
  readonly community: CommunityFacts;
  readonly beneficiaryRef: string;
  readonly circumstances: readonly ElderCircumstance[];
}

export interface RecordHomeVisitData {
  readonly visitId: string;
  readonly visitedOn: IsoDate;
  readonly visitor: HomeVisitor;
  readonly outcome: HomeVisitOutcome;
}

export interface RemoveElderInDifficultyData {
  readonly reason: ElderRemovalReason;
}

export type RegisterElderInDifficulty = DomainCommand<'RegisterElderInDifficulty', RegisterElderInDifficultyData>;
export type RecordHomeVisit = DomainCommand<'RecordHomeVisit', RecordHomeVisitData>;
export type RemoveElderInDifficulty = DomainCommand<'RemoveElderInDifficulty', RemoveElderInDifficultyData>;

export type ElderCommand = RegisterElderInDifficulty | RecordHomeVisit | RemoveElderInDifficulty;
