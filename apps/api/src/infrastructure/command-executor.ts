import { Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import type { Decider, DomainCommand, DomainEvent } from '#domain';
import { AggregateStore, type CommandEnvelope, type HandledCommand } from '#event-store';
import { StoredEvent } from './stored-event.js';

/**
 * Runs a domain command through the aggregate store, then hands the stored events to the
 * in-process EventBus (observers only: durable policies run off the store's subscription).
 */
@Injectable()
export class CommandExecutor {
  constructor(
    private readonly aggregates: AggregateStore,
    private readonly eventBus: EventBus,
  ) {}

  async execute<State, Command extends DomainCommand, Event extends DomainEvent>(
    decider: Decider<State, Command, Event>,
    id: string,
    command: Command,
    envelope: CommandEnvelope,
  ): Promise<HandledCommand> {
    const handled = await this.aggregates.handle(decider, id, command, envelope);
    if (!handled.replayed && handled.events.length > 0) {
      this.eventBus.publishAll(handled.events.map((event) => new StoredEvent(event)));
    }
    return handled;
  }

  /** See AggregateStore.earlierAttempt: a retried multi-stream request answers before any side step. */
  earlierAttempt(decider: Pick<Decider<unknown, never, DomainEvent>, 'streamPrefix'>, id: string, envelope: CommandEnvelope) {
    return this.aggregates.earlierAttempt(decider, id, envelope);
  }

  load<State, Event extends DomainEvent>(decider: Pick<Decider<State, never, Event>, 'streamPrefix' | 'initialState' | 'evolve'>, id: string) {
    return this.aggregates.load(decider, id);
  }
}
