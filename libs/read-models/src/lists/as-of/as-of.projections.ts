import type { AnyProjection } from '../../framework/projection.js';
import { TemporalProjection } from '../../framework/temporal/temporal-projection.js';
import { NeedsListProjection } from '../needs/needs.projection.js';
import { ProjectsListProjection } from '../projects/projects.projection.js';
import { ResourcesListProjection } from '../resources/resources.projection.js';

/**
 * The three lists through time (`?asOf=`): each list's temporal projection versions the list's own
 * rows (needs, donations, projects, in the list's order) and the rows the indicators sum, so the
 * indicators as of a date read the same tables as today's.
 */
export function createAsOfProjections(): AnyProjection[] {
  return [
    new TemporalProjection(new NeedsListProjection(), [{ table: 'needs', key: 'need_id', sort: 'listed_at' }]),
    new TemporalProjection(new ResourcesListProjection(), [
      { table: 'donations', key: 'donation_id', sort: 'pledged_at' },
      { table: 'communities', key: 'community_id' },
      { table: 'organisations', key: 'organisation_id' },
      { table: 'social_workers', key: 'social_worker_id' },
      { table: 'volunteers', key: 'volunteer_id' },
      { table: 'donation_matches', key: 'match_id' },
      { table: 'elders', key: 'elder_id' },
      { table: 'home_visits', key: 'visit_id' },
    ]),
    new TemporalProjection(new ProjectsListProjection(), [
      { table: 'projects', key: 'project_id', sort: 'designed_at' },
      { table: 'project_deliveries', key: 'delivery_id' },
      { table: 'project_ratings', key: 'rating_id' },
      { table: 'project_reports', key: 'report_id', readBy: 'project_id' },
    ]),
  ];
}
