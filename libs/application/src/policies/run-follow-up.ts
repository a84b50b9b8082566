import { DomainError } from '#domain';
import type { ProjectionLogger } from '#read-models';

const ATTEMPTS = 5;
const FIRST_DELAY_MS = 100;

/**
 * Runs one follow-up command of a policy. A refusal (DomainError) is a business outcome: logged, not
 * retried. Anything else (a lost race three times over, the store briefly away) is retried with
 * backoff before it is allowed to stop the policy's projection, which then waits for a restart.
 */
export const runFollowUp = async (
  run: () => Promise<unknown>,
  logger: ProjectionLogger,
  context: Record<string, unknown>,
): Promise<void> => {
  for (let attempt = 1; ; attempt++) {
    try {
      await run();
      return;
    } catch (error) {
      if (error instanceof DomainError) {
        logger.warn({ ...context, code: error.code }, 'Policy command refused');
        return;
      }
      if (attempt >= ATTEMPTS) throw error;
      logger.warn({ ...context, attempt, err: String(error) }, 'Policy command failed; retrying');
      await new Promise((resolve) => setTimeout(resolve, FIRST_DELAY_MS * 2 ** (attempt - 1)));
    }
  }
};
