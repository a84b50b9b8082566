import type { FilterRule } from '../shared/list-query.js';

/** Organisations and volunteers offering a category, through resource_categories' index rather than their JSON. */
export const inCategory =
  (kind: 'organisation' | 'volunteer', idColumn: 'organisations.organisation_id' | 'volunteers.volunteer_id'): FilterRule<string> =>
  (select, category) =>
    select.where((eb) =>
      eb.exists(
        eb
          .selectFrom('resource_categories')
          .select('resource_categories.resource_id')
          .where('resource_categories.resource_kind', '=', kind)
          .whereRef('resource_categories.resource_id', '=', idColumn)
          .where('resource_categories.category', '=', category),
      ),
    );
