import { chinaDateOf, type DatedMoneyFact, domainEventRegistry, type DonationEvent, donationDecider, type MatchingPoolEvent, matchingPoolDecider, type ProjectMoneyFacts } from '#domain';
import type { ProjectMoneyQueries } from '#read-models';
import type { CommandService } from '../command-handling/command-service.js';

/**
 * The facts of a project's money (issue 13 item 7): the streams of the donations matched to it and
 * of the pools told of those gifts. Which streams those are is kept by the read models (nothing in
 * the project's own stream names them); the index is read once it includes everything stored when
 * asked (read-your-writes on the log's head), and the figures are then counted from the streams'
 * own facts, never from a read model's sums.
 */
export class ProjectMoney {
  constructor(
    private readonly commands: CommandService,
    private readonly index: Pick<ProjectMoneyQueries, 'projectMoneyStreams'>,
    /** The event store's head position: what the index must include. */
    private readonly headPosition: () => Promise<number>,
  ) {}

  async of(projectId: string): Promise<ProjectMoneyFacts> {
    const { donationIds, poolIds } = await this.index.projectMoneyStreams(projectId, { minPosition: await this.headPosition() });
    const histories = await Promise.all([
      ...donationIds.map((donationId) => this.commands.load(donationDecider, donationId)),
      ...poolIds.map((poolId) => this.commands.load(matchingPoolDecider, poolId)),
    ]);
    const facts: DatedMoneyFact[] = histories.flatMap(({ history }) =>
      history.map((recorded) => ({
        on: chinaDateOf(new Date(recorded.metadata.occurredAt)),
        event: domainEventRegistry.upcast(recorded) as DonationEvent | MatchingPoolEvent,
      })),
    );
    return { projectId, facts };
  }
}
