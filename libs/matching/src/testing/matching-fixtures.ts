/** Builders for matching tests: a small city with readable codes. */
import type { Area, ServiceCategory, Urgency } from '#domain';
import type {
  DonationResource,
  MatchableNeed,
  OrganisationResource,
  ProjectResource,
  SocialWorkerResource,
  VolunteerResource,
} from '../matching.types.js';

export const NOW = new Date('2026-03-01T08:00:00.000Z');
export const fixedClock = () => NOW;

/** `place('D1', 'S1', 'C1')` -> community C1 of street S1 of district D1 in city X. */
export const place = (district: string, street: string, community: string, city = 'X'): Area => ({
  city,
  district,
  street: `${district}${street}`,
  community: `${district}${street}${community}`,
});

export const aNeed = (needId: string, overrides: Partial<MatchableNeed> = {}): MatchableNeed => ({
  needId,
  category: 'elderly_care' as ServiceCategory,
  area: place('D1', 'S1', 'C1'),
  urgency: 'medium' as Urgency,
  requiredSkills: [],
  hoursPerWeek: 4,
  needsCarrier: false,
  listedAt: '2026-02-20T08:00:00.000Z',
  ...overrides,
});

export const aVolunteer = (volunteerId: string, overrides: Partial<VolunteerResource> = {}): VolunteerResource => ({
  volunteerId,
  area: place('D1', 'S1', 'C1'),
  skills: [],
  categories: ['elderly_care'],
  availableHoursPerWeek: 4,
  ...overrides,
});

export const aSocialWorker = (socialWorkerId: string, overrides: Partial<SocialWorkerResource> = {}): SocialWorkerResource => ({
  socialWorkerId,
  area: { city: 'X', district: 'D1', street: 'D1S1' },
  grade: 'intermediate',
  qualified: true,
  availableHoursPerWeek: 10,
  ...overrides,
});

export const aDonation = (donationId: string, overrides: Partial<DonationResource> = {}): DonationResource => ({
  donationId,
  balanceFen: 100_000,
  area: place('D1', 'S1', 'C1'),
  ...overrides,
});

export const anOrganisation = (organisationId: string, overrides: Partial<OrganisationResource> = {}): OrganisationResource => ({
  organisationId,
  district: 'D1',
  city: 'X',
  categories: ['elderly_care'],
  grade: 3,
  spareCapacity: 2,
  ...overrides,
});

export const aProject = (projectId: string, overrides: Partial<ProjectResource> = {}): ProjectResource => ({
  projectId,
  categories: ['elderly_care'],
  area: { city: 'X', district: 'D1' },
  status: 'contracted',
  fundingGapFen: 0,
  ...overrides,
});
