import type { Infrastructure } from '#platform';

/**
 * The head position once the projector has applied everything, including what the policies
 * appended in reaction to the last facts (they append while projecting, so the head may move).
 */
export const caughtUpHead = async (infrastructure: Infrastructure, timeoutMs = 30_000): Promise<number> => {
  for (;;) {
    const head = await infrastructure.eventStore.headPosition();
    await infrastructure.readModels.waitForPosition(head, timeoutMs);
    if ((await infrastructure.eventStore.headPosition()) === head) return head;
  }
};
