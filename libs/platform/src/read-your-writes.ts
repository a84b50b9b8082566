/** Waits until the read models include one global position; the runner or the checkpoint poller does it. */
export type WaitOnce = (position: number, timeoutMs: number) => Promise<void>;

/** How many times a read-your-writes wait follows policies' follow-up facts (need -> auto-match -> need). */
export const FOLLOW_UP_ROUNDS = 3;

/**
 * Read-your-writes that includes what policies appended in answer to the caller's facts (the need a
 * donation match was recorded on). Policies run as projections and append their follow-ups before
 * their checkpoint passes the cause, so once every projection reached `position` the follow-ups are
 * in the store: wait again for the head then, a bounded number of rounds, within one deadline.
 */
export const waitIncludingFollowUps =
  (waitOnce: WaitOnce, headPosition: () => Promise<number>, rounds = FOLLOW_UP_ROUNDS) =>
  async (position: number, timeoutMs: number): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    let target = position;
    for (let round = 0; round < rounds; round++) {
      await waitOnce(target, Math.max(0, deadline - Date.now()));
      const head = await headPosition();
      if (head <= target) return;
      target = head;
    }
  };
