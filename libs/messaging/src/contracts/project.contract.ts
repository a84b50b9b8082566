import { type ProjectDesignedData, type ProjectEvent } from '#domain';
import { published, type ContractDecision } from './integration-event.js';
import { area, arrayOf, boolean, categories, category, date, fen, id, instant, integer, nullable, object, projectKind, stationLevel } from './json-schema.js';
import { projectChallengeContract } from './project-challenge.contract.js';
import { projectDeliveryContract } from './project-delivery.contract.js';
import { projectPurchaseContract } from './project-purchase.contract.js';

export { TERMINATION_CAUSES } from './project-delivery.contract.js';

/**
 * Titles, requirements, service item names, eligibility text, proposals, the wording of contract
 * terms, report summaries, rating comments and written reasons are free text: none is published.
 * Prices, terms in months, hours, counts, grades and statuses are.
 */
export const projectContract = {
  ProjectDesigned: published(
    'project',
    'designed',
    'A service project or social-work station was designed for needs (design card: project designed)',
    object({
      projectId: id(),
      area: area("Where it serves; lower levels '' for a street- or district-level project"),
      kind: projectKind(),
      stationLevel: nullable(stationLevel()),
      categories: categories(),
      needIds: arrayOf(id(), 'The needs it is designed for'),
      budgetFen: fen(),
      period: object({ start: date(), months: integer(1) }),
      serviceItems: arrayOf(
        object({
          category: category(),
          confidential: boolean('Confidential matters are not station services (rule 8)'),
          administrativeAct: boolean('Administrative acts are not station services (rule 8)'),
        }),
        'The services it buys (their names are not published)',
      ),
      designedAt: instant(),
    }),
    (data: ProjectDesignedData) => ({
      projectId: data.projectId,
      area: { ...data.area },
      kind: data.kind,
      stationLevel: data.stationLevel,
      categories: [...data.categories],
      needIds: [...data.needIds],
      budgetFen: data.budgetFen,
      period: { start: data.period.start, months: data.period.months },
      serviceItems: data.serviceItems.map((item) => ({ category: item.category, confidential: item.confidential, administrativeAct: item.administrativeAct })),
      designedAt: data.designedAt,
    }),
  ),
  ...projectPurchaseContract,
  ...projectChallengeContract,
  ...projectDeliveryContract,
} as const satisfies Record<ProjectEvent['type'], ContractDecision>;
