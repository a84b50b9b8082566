import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a test receiver got: its path, headers, exact body and when. */
export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: { deliveryId: string; eventId: string; type: string; occurredAt: string; subscriptionId: string; data: Record<string, unknown> };
  at: number;
}

/**
 * An integrator's endpoint for the webhook tests, on 127.0.0.1 only: records every request and
 * answers what the test set for its path (200 by default; a status, or 'hang' to never answer).
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly answers = new Map<string, (count: number) => number | 'hang'>();
  private server: Server | null = null;

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const path = request.url ?? '/';
        this.received.push({ path, headers: request.headers, body, json: JSON.parse(body) as ReceivedWebhook['json'], at: Date.now() });
        const answer = this.answers.get(path)?.(this.received.filter((webhook) => webhook.path === path).length) ?? 200;
        if (answer === 'hang') return;
        response.writeHead(answer, { 'content-type': 'text/plain' }).end(answer < 300 ? 'ok' : 'not now');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}${path}`;
  }

  /** How `path` answers its n-th request (1-based). */
  answer(path: string, answer: (count: number) => number | 'hang'): void {
    this.answers.set(path, answer);
  }

  at(path: string): ReceivedWebhook[] {
    return this.received.filter((webhook) => webhook.path === path);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
