import type { DemoHttp, DemoResponse } from './demo-http.js';

/** Who sends a command: the demo's HTTP signs a bearer token for it (demo-credentials.ts). */
export interface DemoActor {
  readonly id: string;
  readonly role: string;
  /** The administrative area its token names; the whole demo city when unset. */
  readonly area?: { city: string; district?: string; street?: string; community?: string };
  readonly organisationId?: string;
}

/** What every command answers (CommandResponseDto), plus the ids some endpoints add. */
export interface CommandAnswer {
  id: string;
  streamId: string;
  revision: number;
  position: number;
  events: { eventId: string; type: string; revision: number; position: number }[];
  replayed: boolean;
  bidId?: string;
  matchId?: string;
  /** POST /volunteers/:id/hours: the entry its coordinator confirms. */
  entryId?: string;
  assignmentId?: string;
}

/** A refusal the demo provokes on purpose, to show a rule at work. */
export interface ExpectedRefusal {
  code: string;
  /** On a re-run the record already moved on, so the same request meets this refusal instead. */
  onRerun?: string;
}

export interface DemoStats {
  commands: number;
  /** Answered from an earlier run's facts (same Idempotency-Key). */
  replayed: number;
  refused: number;
  events: number;
  retries: number;
}

export class DemoCommandError extends Error {
  constructor(
    readonly path: string,
    readonly response: DemoResponse,
  ) {
    super(`POST ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
    this.name = 'DemoCommandError';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const MAX_ATTEMPTS = 6;

/**
 * Sends the demo's commands the way a careful client would: every command with an actor, an
 * Idempotency-Key (so a retry, or a whole re-run, stores each fact once) and a correlation id;
 * retries what is worth retrying (429 after Retry-After, a lost race, a read model still catching up).
 */
export class DemoClient {
  readonly stats: DemoStats = { commands: 0, replayed: 0, refused: 0, events: 0, retries: 0 };
  readonly refusals: { what: string; code: string; rule: number | null }[] = [];
  private highestPosition = 0;

  constructor(private readonly http: DemoHttp) {}

  /** True once the store answered a command from an earlier run: this is a re-run. */
  get rerun(): boolean {
    return this.stats.replayed > 0;
  }

  /** Highest global position any command answered: pass it as minPosition to read your writes. */
  get position(): number {
    return this.highestPosition;
  }

  async command(path: string, body: unknown, actor: DemoActor, key: string): Promise<CommandAnswer> {
    const response = await this.post(path, body, actor, key);
    if (response.status !== 200 && response.status !== 201) throw new DemoCommandError(path, response);
    const answer = response.body as CommandAnswer;
    this.stats.commands++;
    if (answer.replayed) this.stats.replayed++;
    else this.stats.events += answer.events.length;
    this.highestPosition = Math.max(this.highestPosition, answer.position);
    return answer;
  }

  /** Sends a command a rule must refuse; anything else is a defect in the demo or the service. */
  async refusal(what: string, path: string, body: unknown, actor: DemoActor, key: string, expected: ExpectedRefusal): Promise<void> {
    const response = await this.post(path, body, actor, key);
    const code = (response.body as { code?: string } | null)?.code;
    const accepted = [expected.code, ...(this.rerun && expected.onRerun ? [expected.onRerun] : [])];
    if (response.status < 400 || response.status >= 500 || !code || !accepted.includes(code)) {
      throw new Error(`${what}: expected ${accepted.join(' or ')}, got ${response.status} ${JSON.stringify(response.body)}`);
    }
    this.stats.commands++;
    this.stats.refused++;
    const rule = (response.body as { details?: { rule?: unknown } }).details?.rule;
    this.refusals.push({ what, code, rule: typeof rule === 'number' ? rule : null });
  }

  /** A query; with `consistent`, it waits until the read models hold every fact written so far. */
  async query<T>(path: string, params: Record<string, string | number | boolean | undefined> = {}, consistent = true): Promise<T> {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) if (value !== undefined) search.set(name, String(value));
    if (consistent && this.highestPosition > 0) search.set('minPosition', String(this.highestPosition));
    const url = search.size > 0 ? `${path}?${search.toString()}` : path;
    for (let attempt = 1; ; attempt++) {
      const response = await this.http.request('GET', url);
      if (response.status === 200) return response.body as T;
      if (attempt < MAX_ATTEMPTS && (await this.shouldRetry(response))) continue;
      throw new Error(`GET ${url} answered ${response.status}: ${JSON.stringify(response.body)}`);
    }
  }

  /**
   * Waits until the projector has applied every stored fact, including what the policies appended
   * in reaction (a need matched by a donation): before the demo's clock moves on.
   */
  async settle(): Promise<number> {
    const health = await this.query<{ eventStore: { headPosition: number } }>('/health', {}, false);
    const head = health.eventStore.headPosition;
    this.highestPosition = Math.max(this.highestPosition, head);
    await this.query('/communities', { limit: 1 });
    return head;
  }

  private async post(path: string, body: unknown, actor: DemoActor, key: string): Promise<DemoResponse> {
    const headers = {
      'idempotency-key': key,
      // The key names the step: every event the step causes carries it as its correlation id.
      'x-correlation-id': key,
    };
    for (let attempt = 1; ; attempt++) {
      let response: DemoResponse;
      try {
        response = await this.http.request('POST', path, { body, headers, actor });
      } catch (error) {
        // A dropped connection: the same key makes the retry safe whether or not the first one landed.
        if (attempt >= MAX_ATTEMPTS) throw error;
        this.stats.retries++;
        await sleep(100 * attempt);
        continue;
      }
      if (attempt < MAX_ATTEMPTS && (await this.shouldRetry(response))) continue;
      return response;
    }
  }

  private async shouldRetry(response: DemoResponse): Promise<boolean> {
    const code = (response.body as { code?: string } | null)?.code;
    let waitMs: number | null = null;
    if (response.status === 429) waitMs = Math.min(60, Number(response.headers['retry-after'] ?? 1) || 1) * 1000;
    else if (response.status === 409 && code === 'CONCURRENCY_CONFLICT') waitMs = 10;
    else if (response.status === 504 && code === 'READ_MODEL_NOT_CAUGHT_UP') waitMs = 0;
    else if (response.status === 503) waitMs = 500;
    if (waitMs === null) return false;
    this.stats.retries++;
    await sleep(waitMs);
    return true;
  }
}
