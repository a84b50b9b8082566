/**
 * Where a webhook may be sent. A subscription's URL is chosen by whoever subscribes, and the service
 * then makes requests to it: an URL naming the service's own host or its private network would let
 * a subscriber probe or drive what sits behind the firewall (server-side request forgery). So only
 * http(s) URLs are accepted, without credentials, and a host that IS a loopback, private, link-local
 * or otherwise non-public address is refused unless the platform allows private targets
 * (WEBHOOK_ALLOW_PRIVATE_TARGETS, for tests and closed networks). A name is checked again after DNS
 * resolution at every delivery (libs/application/src/webhooks), since a name can point anywhere.
 */

const MAX_URL_LENGTH = 2048;

export type WebhookTargetProblem =
  | { readonly code: 'WEBHOOK_URL_INVALID'; readonly reason: string }
  | { readonly code: 'WEBHOOK_URL_NOT_ALLOWED'; readonly reason: string };

const ipv4 = (host: string): number[] | null => {
  const parts = host.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part))) return null;
  const bytes = parts.map(Number);
  return bytes.every((byte) => byte <= 255) ? bytes : null;
};

/** Why an IPv4 address is not a public one, or null when it is. */
const nonPublicIpv4 = ([a, b]: number[]): string | null => {
  if (a === 0) return 'this-network address';
  if (a === 10 || (a === 172 && b! >= 16 && b! <= 31) || (a === 192 && b === 168)) return 'private address';
  if (a === 127) return 'loopback address';
  if (a === 169 && b === 254) return 'link-local address';
  if (a === 100 && b! >= 64 && b! <= 127) return 'carrier-grade NAT address';
  if (a! >= 224) return 'multicast or reserved address';
  return null;
};

/** Why an IPv6 address (without brackets) is not a public one, or null when it is. */
const nonPublicIpv6 = (host: string): string | null => {
  const address = host.toLowerCase();
  if (address === '::1') return 'loopback address';
  if (address === '::') return 'unspecified address';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped) return nonPublicAddress(mapped[1]!);
  if (/^::ffff:[0-9a-f]{1,4}:[0-9a-f]{1,4}$/.test(address)) return 'IPv4-mapped address';
  if (/^f[cd][0-9a-f]{0,2}:/.test(address)) return 'unique local address';
  if (/^fe[89ab][0-9a-f]?:/.test(address)) return 'link-local address';
  if (/^ff[0-9a-f]{0,2}:/.test(address)) return 'multicast address';
  return null;
};

/**
 * Why a host (an IP literal or a resolved address) is not a public internet address, or null when it
 * is one. Names other than localhost are not judged here: they are checked once resolved.
 */
export const nonPublicAddress = (host: string): string | null => {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const v4 = ipv4(bare);
  if (v4) return nonPublicIpv4(v4);
  if (bare.includes(':')) return nonPublicIpv6(bare);
  const name = bare.toLowerCase().replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return 'loopback name';
  return null;
};

/** What is wrong with a webhook target, or null when the service may send to it. */
export const webhookTargetProblem = (url: unknown, allowPrivateTargets: boolean): WebhookTargetProblem | null => {
  if (typeof url !== 'string' || url.length === 0 || url.length > MAX_URL_LENGTH) {
    return { code: 'WEBHOOK_URL_INVALID', reason: `an absolute http(s) URL of at most ${MAX_URL_LENGTH} characters` };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { code: 'WEBHOOK_URL_INVALID', reason: 'not an absolute URL' };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return { code: 'WEBHOOK_URL_INVALID', reason: `scheme ${parsed.protocol.replace(/:$/, '')} is not http or https` };
  }
  // Credentials in the URL would sit in the log in clear; the signature is how the receiver trusts us.
  if (parsed.username !== '' || parsed.password !== '') return { code: 'WEBHOOK_URL_INVALID', reason: 'credentials in the URL' };
  if (parsed.hash !== '') return { code: 'WEBHOOK_URL_INVALID', reason: 'a fragment, which is never sent' };
  if (parsed.hostname === '') return { code: 'WEBHOOK_URL_INVALID', reason: 'no host' };
  if (!allowPrivateTargets) {
    const why = nonPublicAddress(parsed.hostname);
    if (why !== null) return { code: 'WEBHOOK_URL_NOT_ALLOWED', reason: `${parsed.hostname} is a ${why}` };
  }
  return null;
};
