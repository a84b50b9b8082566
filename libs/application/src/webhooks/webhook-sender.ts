import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { nonPublicAddress } from '#domain';

export interface WebhookRequest {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly timeoutMs: number;
  /** WEBHOOK_ALLOW_PRIVATE_TARGETS. */
  readonly allowPrivateTargets: boolean;
}

/** What the receiver answered; any non-2xx (or a thrown error) is a failed attempt. */
export interface WebhookResponse {
  readonly status: number;
}

export type WebhookSend = (request: WebhookRequest) => Promise<WebhookResponse>;

export class WebhookTargetRefused extends Error {}

/**
 * Resolves like the default, then refuses a name that resolves to a loopback or private address
 * unless allowed: the check runs on the very address the socket connects to, so a name that
 * changes its answer between checks (DNS rebinding) gains nothing.
 */
const guardedLookup =
  (allowPrivateTargets: boolean): LookupFunction =>
  (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const refused = allowPrivateTargets ? undefined : addresses.find(({ address }) => nonPublicAddress(address) !== null);
      if (refused) return callback(new WebhookTargetRefused(`${hostname} resolves to ${refused.address}, a ${nonPublicAddress(refused.address)}`), '', 0);
      if (options.all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };

/**
 * One POST of a delivery: node's http(s) client, so the resolved address can be checked before the
 * connection (above) and a literal IP before anything (the client never looks one up). The answer's
 * body is read and dropped; only its status counts.
 */
export const postWebhook: WebhookSend = (webhook) =>
  new Promise((resolve, reject) => {
    const url = new URL(webhook.url);
    if (!webhook.allowPrivateTargets) {
      const why = nonPublicAddress(url.hostname);
      if (why !== null) return reject(new WebhookTargetRefused(`${url.hostname} is a ${why}`));
    }
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(
      url,
      {
        method: 'POST',
        headers: { ...webhook.headers, 'content-length': String(Buffer.byteLength(webhook.body)) },
        lookup: guardedLookup(webhook.allowPrivateTargets),
        signal: AbortSignal.timeout(webhook.timeoutMs),
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0 }));
        response.on('error', reject);
      },
    );
    request.on('error', (error: Error) =>
      reject(error.name === 'TimeoutError' || error.name === 'AbortError' ? new Error(`no answer within ${webhook.timeoutMs} ms`) : error),
    );
    request.end(webhook.body);
  });
