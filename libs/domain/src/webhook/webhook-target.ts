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

/** Why an IPv4 address is not a public one, or null when it is (IANA special-purpose registry). */
const nonPublicIpv4 = ([a, b, c]: number[]): string | null => {
  if (a === 0) return 'this-network address';
  if (a === 10 || (a === 172 && b! >= 16 && b! <= 31) || (a === 192 && b === 168)) return 'private address';
  if (a === 127) return 'loopback address';
  if (a === 169 && b === 254) return 'link-local address';
  if (a === 100 && b! >= 64 && b! <= 127) return 'carrier-grade NAT address';
  if (a === 192 && b === 0 && (c === 0 || c === 2)) return 'special-purpose address';
  if (a === 198 && (b === 18 || b === 19)) return 'benchmarking address';
  if ((a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113)) return 'documentation address';
  if (a! >= 224) return 'multicast or reserved address';
  return null;
};

/** The eight 16-bit groups of an IPv6 address (without brackets or zone), or null when it is not one. */
const ipv6Groups = (address: string): number[] | null => {
  let text = address.toLowerCase();
  // A trailing dotted quad (::ffff:1.2.3.4, ::1.2.3.4) is the last two groups.
  const quad = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (quad) {
    const bytes = ipv4(quad[2]!);
    if (!bytes) return null;
    text = `${quad[1]}${((bytes[0]! << 8) | bytes[1]!).toString(16)}:${((bytes[2]! << 8) | bytes[3]!).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groupsOf = (half: string) => (half === '' ? [] : half.split(':'));
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (!groups.every((group) => /^[0-9a-f]{1,4}$/.test(group))) return null;
  return groups.map((group) => parseInt(group, 16));
};

const embeddedIpv4 = (high: number, low: number): number[] => [high >> 8, high & 0xff, low >> 8, low & 0xff];

/**
 * Why an IPv6 address (without brackets) is not a public one, or null when it is. The forms that
 * carry an IPv4 address (IPv4-compatible ::a.b.c.d, mapped ::ffff:a.b.c.d, translated ::ffff:0:a.b.c.d,
 * NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by that IPv4 address: [::127.0.0.1] is loopback.
 */
const nonPublicIpv6 = (host: string): string | null => {
  const groups = ipv6Groups(host);
  if (!groups) return 'malformed IPv6 address';
  const [g0, g1, g2, g3, g4, g5, g6, g7] = groups as [number, number, number, number, number, number, number, number];
  const zeroUpTo = (count: number) => groups.slice(0, count).every((group) => group === 0);
  if (zeroUpTo(7) && g7 === 1) return 'loopback address';
  if (zeroUpTo(8)) return 'unspecified address';
  const carriesIpv4 =
    (zeroUpTo(5) && (g5 === 0 || g5 === 0xffff)) || // ::a.b.c.d, ::ffff:a.b.c.d
    (zeroUpTo(4) && g4 === 0xffff && g5 === 0) || // ::ffff:0:a.b.c.d
    (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) || // 64:ff9b::a.b.c.d
    (g0 === 0x64 && g1 === 0xff9b && g2 === 1); // 64:ff9b:1::/48, local-use NAT64
  if (carriesIpv4) return nonPublicIpv4(embeddedIpv4(g6, g7));
  if (g0 === 0x2002) return nonPublicIpv4(embeddedIpv4(g1, g2));
  if ((g0 & 0xfe00) === 0xfc00) return 'unique local address';
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local address';
  if ((g0 & 0xffc0) === 0xfec0) return 'site-local address';
  if ((g0 & 0xff00) === 0xff00) return 'multicast address';
  if (g0 === 0x2001 && g1 === 0x0db8) return 'documentation address';
  if (g0 === 0x100 && g1 === 0 && g2 === 0 && g3 === 0) return 'discard-only address';
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
  if (parsed.port === '0') return { code: 'WEBHOOK_URL_INVALID', reason: 'port 0, which nothing listens on' };
  if (!allowPrivateTargets) {
    const why = nonPublicAddress(parsed.hostname);
    if (why !== null) return { code: 'WEBHOOK_URL_NOT_ALLOWED', reason: `${parsed.hostname} is a ${why}` };
  }
  return null;
};

/**
 * The URL as the service will send to it (WHATWG serialisation: `HTTP://Example.org:80/a b` becomes
 * `http://example.org/a%20b`, `http://2130706433/` becomes `http://127.0.0.1/`), so what the integrator
 * reads back in its subscription is where deliveries go. Call it on a URL webhookTargetProblem accepted.
 */
export const canonicalWebhookUrl = (url: string): string => new URL(url).href;
