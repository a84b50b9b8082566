import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { areaWithin } from '#application';
import { notFound } from '#domain';
import { indicatorTargets, ReadModelQueries, type Indicators, type TargetCheck } from '#read-models';
import { authenticatedActor } from '../../http/authentication.js';
import { ReadConsistency } from '../../infrastructure/read-consistency.js';
import { IndicatorsQueryDto } from './indicators.dto.js';

/** The figures of an area with each seed target beside its figure. */
export type IndicatorsView = Indicators & { asOf: string | null; targets: TargetCheck[] };

/** 指标: the DOMAIN.md indicators of a community, street, district or city, for readers of that area. */
@ApiTags('indicators 指标')
@Controller('indicators')
export class IndicatorsController {
  constructor(
    private readonly queries: ReadModelQueries,
    private readonly consistency: ReadConsistency,
  ) {}

  /**
   * Every level, scoped by the reader's area: a token for `xiamen/siming` reads the district, its
   * streets and communities, not another district nor the city. The area is known by the communities
   * registered in it. Figures come from the three lists (now, or as of the end of a Beijing day);
   * `targets` sets each seed target beside its figure (seeds 002, 003, 004) with whether it is met.
   */
  @Get()
  @ApiOkResponse({
    description:
      'Population, social workers (per 1,000 residents, per community, certified by grade), organisations, volunteers ' +
      '(share of residents, by street), street-station coverage, purchased contracts (fen), ' +
      'homeVisits {month, registered, visited, rate, target 1.0}: elderly people in special difficulty seen at home this month ' +
      '(or in the as-of day\'s month; seed 003 col. 3), needs, funds (fen), ' +
      'service hours, beneficiaries, satisfaction, projects; `targets`: [{indicator, seed, figure, target, met}]',
  })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (level, code), AS_OF_NOT_A_DATE, AS_OF_IN_FUTURE' })
  @ApiNotFoundResponse({
    description: 'AREA_NOT_FOUND: no community is registered at that level and code, or none the token may read: an area outside the token’s answers exactly as an unknown one',
  })
  async indicators(@Query() query: IndicatorsQueryDto, @Req() request: FastifyRequest): Promise<IndicatorsView> {
    const { level, code, asOf, minPosition } = query;
    await this.consistency.atLeast(minPosition);
    const path = await this.queries.areaPath(level, code);
    // The register of communities is read only within one's area (README "Who may see what"): an area
    // outside it is answered as one where nothing is registered, so the code tells nothing.
    if (!path || !areaWithin(path, authenticatedActor(request)!.area)) {
      throw notFound('AREA_NOT_FOUND', `No community is registered in ${level} ${code}`, { level, code });
    }
    const figures = await this.queries.indicators(level, code, asOf === undefined ? {} : { asOf });
    return { ...figures, asOf: asOf ?? null, targets: indicatorTargets(figures) };
  }
}
