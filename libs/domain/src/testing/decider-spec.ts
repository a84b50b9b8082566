import { expect } from '@jest/globals';
import type { DecisionContext, Decider, DomainCommand, DomainEvent } from '../shared/decider.js';
import { DomainError } from '../shared/domain-error.js';

/**
 * given / when / then for every aggregate:
 *
 *   spec.given([needListed]).when(withdrawNeed).then([needWithdrawn]);
 *   spec.given([needFulfilled]).when(withdrawNeed).thenThrows('NEED_ALREADY_FULFILLED');
 */
export const DEFAULT_TEST_NOW = new Date('2026-03-01T08:00:00.000Z');
export const TEST_ACTOR = { id: 'user-test', role: 'civil_affairs_bureau' } as const;

export interface DeciderSpecification<Command extends DomainCommand, Event extends DomainEvent> {
  given(events: readonly Event[]): {
    when(
      command: Command,
      context?: Partial<DecisionContext>,
    ): {
      then(expected: readonly Event[]): void;
      thenThrows(code: string, details?: Record<string, unknown>): DomainError;
    };
  };
}

export const DeciderSpecification = {
  for<State, Command extends DomainCommand, Event extends DomainEvent>(
    decider: Decider<State, Command, Event>,
  ): DeciderSpecification<Command, Event> {
    return {
      given(events) {
        return {
          when(command, context) {
            const run = (): Event[] => {
              const state = events.reduce(decider.evolve, decider.initialState());
              const ctx: DecisionContext = { now: DEFAULT_TEST_NOW, actor: TEST_ACTOR, ...context };
              const produced = decider.decide(command, state, ctx);
              // Every produced event must be foldable: evolve must accept what decide returns.
              produced.reduce(decider.evolve, state);
              return produced;
            };
            return {
              then(expected) {
                expect(run()).toEqual(expected);
              },
              thenThrows(code, details) {
                let caught: unknown;
                try {
                  run();
                } catch (error) {
                  caught = error;
                }
                expect(caught).toBeInstanceOf(DomainError);
                const domainError = caught as DomainError;
                expect(domainError.code).toBe(code);
                if (details) expect(domainError.details).toMatchObject(details);
                return domainError;
              },
            };
          },
        };
      },
    };
  },
};
