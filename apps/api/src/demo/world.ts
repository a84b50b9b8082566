import type { DonationEarmark, ServiceCategory } from '#domain';
import type { Agenda } from './calendar.js';
import type { DemoActor, DemoClient } from './demo-client.js';
import type { NeedTemplate, StreetPlan } from './district-data.js';
import type { Prng } from './prng.js';

/** What the demo has created so far: later steps of the history pick from it. */
export interface DemoCommunity {
  code: string;
  name: string;
  street: StreetPlan;
  residents: number;
  committee: DemoActor;
}

export type OrganisationRole = 'agency' | 'community' | 'enterprise' | 'mass' | 'failing';

export interface DemoOrganisation {
  id: string;
  name: string;
  role: OrganisationRole;
  kind: string;
  actor: DemoActor;
  categories: ServiceCategory[];
  seat: DemoCommunity | null;
}

export interface DemoSocialWorker {
  id: string;
  employer: DemoOrganisation;
  qualified: boolean;
  actor: DemoActor;
}

export interface DemoVolunteer {
  id: string;
  community: DemoCommunity;
  skills: string[];
  categories: ServiceCategory[];
  /** Declared hours a week, and how many of them assignments took. */
  hoursPerWeek: number;
  assignedHours: number;
  actor: DemoActor;
}

export interface DemoNeed {
  id: string;
  community: DemoCommunity;
  category: ServiceCategory;
  template: NeedTemplate;
  verified: boolean;
  /** Not fulfilled or withdrawn. */
  open: boolean;
  matchedFen: number;
  volunteers: number;
  coveredBy: string[];
}

export interface DemoDonation {
  id: string;
  donor: string;
  actor: DemoActor;
  resource: 'money' | 'goods' | 'venue_time';
  amountFen: number;
  balanceFen: number;
  earmark: DonationEarmark | null;
  /** The donor consented to matching by the engine; the demo leaves such donations to it. */
  autoMatch: boolean;
  matches: { matchId: string; amountFen: number; disbursedFen: number }[];
}

export interface DemoAssignment {
  volunteer: DemoVolunteer;
  assignmentId: string;
  assignedDay: number;
}

export interface DemoProject {
  key: string;
  id: string;
  title: string;
  kind: 'social_work_station' | 'service_project';
  categories: ServiceCategory[];
  communities: DemoCommunity[];
  contractor: DemoOrganisation | null;
  staff: DemoSocialWorker[];
  volunteers: DemoAssignment[];
  deliveries: { deliveryId: string; day: number }[];
  needs: DemoNeed[];
}

export interface DemoWorld {
  communities: DemoCommunity[];
  organisations: DemoOrganisation[];
  socialWorkers: DemoSocialWorker[];
  volunteers: DemoVolunteer[];
  needs: DemoNeed[];
  donations: DemoDonation[];
  projects: DemoProject[];
}

export interface DemoContext {
  readonly client: DemoClient;
  readonly agenda: Agenda;
  readonly random: Prng;
  /** 1 is the full district (~30 organisations, 60 social workers, 300 volunteers, 150 needs). */
  readonly scale: number;
  readonly world: DemoWorld;
  /** 思明区民政局: registers, inspects, purchases. */
  readonly bureau: DemoActor;
  /** The agencies the story turns on, by their part in it. */
  readonly cast: DemoCast;
}

export interface DemoCast {
  /** Wins the 中华街道 street station; refused the general station (rule 5). */
  streetStationAgency: DemoOrganisation;
  /** Loses the street station bid. */
  runnerUpAgency: DemoOrganisation;
  /** Wins the district general station. */
  generalStationAgency: DemoOrganisation;
  /** Runs the short summer project. */
  projectAgency: DemoOrganisation;
  /** 心理 project. */
  counsellingAgency: DemoOrganisation;
  /** An enterprise: an eligible contractor (rule 7). */
  careEnterprise: DemoOrganisation;
  massOrganisation: DemoOrganisation;
  failingOrganisation: DemoOrganisation;
}

export const byCode = (world: DemoWorld, code: string): DemoCommunity | undefined => world.communities.find((community) => community.code === code);
