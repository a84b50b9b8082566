import { onBeforeUnmount, ref } from 'vue';
import { session } from './session';

/** A list changed: read it again at or after this position (`?minPosition=`). */
export interface ListChanged {
  list: string;
  position: number;
}

type Listener = (change: ListChanged) => void;

const listeners = new Set<Listener>();
export const liveConnected = ref(false);
let controller: AbortController | null = null;

/**
 * GET /events/stream read with fetch, not EventSource: fetch sends the bearer token in the Authorization
 * header like every other call (EventSource cannot send headers, and a token in a URL ends up in logs).
 * One connection per tab; it reconnects after a drop (1 s, doubling up to 30 s). Nothing is polled.
 */
const connect = async (): Promise<void> => {
  let delay = 1000;
  while (controller && !controller.signal.aborted && session.value) {
    const signal = controller.signal;
    try {
      const response = await fetch('/events/stream', { headers: { authorization: `Bearer ${session.value.token}`, accept: 'text/event-stream' }, signal });
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      liveConnected.value = true;
      delay = 1000;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (/^event:/m.test(message)) continue; // ready and keep-alive
          const data = message.split('\n').filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trim()).join('\n');
          if (!data) continue;
          const change = JSON.parse(data) as ListChanged;
          for (const listener of listeners) listener(change);
        }
      }
    } catch {
      if (signal.aborted) break;
    }
    liveConnected.value = false;
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 30_000);
  }
  liveConnected.value = false;
};

export const startLive = (): void => {
  if (controller) return;
  controller = new AbortController();
  void connect();
};

export const stopLive = (): void => {
  controller?.abort();
  controller = null;
};

/** Calls `refresh(position)` while the component lives, whenever one of `lists` changes. */
export const onListChanged = (lists: string[], refresh: (position: number) => void): void => {
  const listener: Listener = (change) => {
    if (lists.includes(change.list)) refresh(change.position);
  };
  listeners.add(listener);
  onBeforeUnmount(() => listeners.delete(listener));
};
