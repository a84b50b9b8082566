import { BroadcastChannel } from 'node:worker_threads';
import { AppendNotifier } from '../subscription/polling-subscription.js';

/**
 * Store instances on the same file in one process share a notifier, so a subscriber on one
 * connection wakes immediately on another's append, in this thread or another (the API's
 * projector worker); other processes are seen by polling.
 */
const notifiersByFile = new Map<string, { notifier: ThreadsAppendNotifier; users: number }>();

/**
 * Other threads are woken at most once per this many milliseconds: the first append after a quiet
 * spell wakes them at once, a burst once at its start and once per window after (its subscribers
 * then read the burst in one page, the projector writes it in one transaction).
 */
const CROSS_THREAD_WAKE_MS = 3;

/** The notifier of one file: wakes this thread's subscribers, and through a BroadcastChannel those of the process's other threads. */
class ThreadsAppendNotifier extends AppendNotifier {
  private readonly channel: BroadcastChannel;
  private window: NodeJS.Timeout | null = null;
  private missed = false;

  constructor(fileKey: string) {
    super();
    this.channel = new BroadcastChannel(`wushe-sqlite-appends:${fileKey}`);
    // A channel never hears its own messages: another thread appended.
    this.channel.onmessage = () => super.notify();
    this.channel.unref();
  }

  /** Other threads hear only that something was appended (they read); `committedUpTo` is for this thread's subscribers. */
  override notify(committedUpTo?: number): void {
    super.notify(committedUpTo);
    if (this.window) this.missed = true;
    else this.wakeOtherThreads();
  }

  private wakeOtherThreads(): void {
    this.missed = false;
    this.channel.postMessage(0);
    this.window = setTimeout(() => {
      this.window = null;
      if (this.missed) this.wakeOtherThreads();
    }, CROSS_THREAD_WAKE_MS);
    this.window.unref();
  }

  close(): void {
    if (this.window) clearTimeout(this.window);
    this.channel.close();
  }
}

/** The notifier shared by every store on `fileKey` in this process (a fresh one for an in-memory store, `null`). */
export const acquireFileNotifier = (fileKey: string | null): AppendNotifier => {
  if (fileKey === null) return new AppendNotifier();
  const shared = notifiersByFile.get(fileKey) ?? { notifier: new ThreadsAppendNotifier(fileKey), users: 0 };
  shared.users += 1;
  notifiersByFile.set(fileKey, shared);
  return shared.notifier;
};

/** Gives back a store's use of the file's notifier; the last one out closes its channel. */
export const releaseFileNotifier = (fileKey: string | null): void => {
  if (fileKey === null) return;
  const shared = notifiersByFile.get(fileKey);
  if (shared && --shared.users === 0) {
    notifiersByFile.delete(fileKey);
    shared.notifier.close();
  }
};
