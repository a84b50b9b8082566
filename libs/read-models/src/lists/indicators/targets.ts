import type { Indicators } from './indicators.js';

/** One seed target beside the figure it is about. */
export interface TargetCheck {
  /** Which indicator: a path into the indicators, e.g. `socialWorkers.per1000Residents`. */
  indicator: string;
  /** The seed and where in it the target stands. */
  seed: string;
  /** The figure, in the indicator's unit (a ratio 0..1 for shares and coverage); null without a denominator. */
  figure: number | null;
  /** The target, in the same unit; "at least" for each. */
  target: number;
  /** figure >= target; null when there is no figure (no residents, no community, no street). */
  met: boolean | null;
}

const check = (indicator: string, seed: string, figure: number | null, target: number | null): TargetCheck[] =>
  target === null ? [] : [{ indicator, seed, figure, target, met: figure === null ? null : figure >= target }];

/**
 * The seeds' targets for an area beside its figures, each "at least": social workers per 1,000
 * residents (003 col. 1: 1.0 by 2025) and per community (003: 3 urban, 1 rural, weighted by the
 * area's mix), social organisations per community (002/003: 10 urban, 5 rural), volunteers as a share
 * of residents (002: 13 %, for the area and each street), one street station per street (004), every
 * elderly person in special difficulty visited this month (003 column 3: 100 %).
 */
export function indicatorTargets(figures: Indicators): TargetCheck[] {
  return [
    ...check('socialWorkers.per1000Residents', '003 col. 1', figures.socialWorkers.per1000Residents, figures.socialWorkers.targetPer1000Residents),
    ...check('socialWorkers.perCommunity', '003 col. 1', figures.socialWorkers.perCommunity, figures.socialWorkers.targetPerCommunity),
    ...check('organisations.perCommunity', '002, 003 col. 1', figures.organisations.perCommunity, figures.organisations.targetPerCommunity),
    ...check('volunteers.shareOfResidents', '002', figures.volunteers.shareOfResidents, figures.volunteers.targetShare),
    ...figures.volunteers.byStreet.flatMap((street) =>
      check(`volunteers.byStreet[${street.street}].shareOfResidents`, '002', street.shareOfResidents, figures.volunteers.targetShare),
    ),
    ...check('stations.coverage', '004', figures.stations.coverage, figures.stations.target),
    ...check('homeVisits.rate', '003 col. 3', figures.homeVisits.rate, figures.homeVisits.target),
  ];
}
