import { createHmac, timingSafeEqual } from 'node:crypto';
import { invalid, type SessionCodeClaims } from '#domain';

/**
 * 扫码签到签退: the short-lived codes a coordinator shows (as a QR image) for one service session.
 * A code is `<payload>.<signature>`, both base64url: the payload names the session, the volunteer
 * and the expiry; the signature is HMAC-SHA256 under the service's secret (SESSION_CODE_SECRET, or a
 * key generated once into DATA_DIR). Only the service can issue one; the volunteer's app sends it
 * back as scanned. The signature is checked here; whether it names the right session and is still
 * valid is the volunteer decider's rule (SESSION_CODE_MISMATCH, SESSION_CODE_EXPIRED).
 */
export class SessionCodes {
  constructor(
    private readonly secret: Buffer,
    /** SESSION_CODE_TTL_SECONDS: how long a shown code stays valid. */
    readonly ttlSeconds: number,
  ) {
    if (secret.length < 32) throw new Error('The session code secret must hold at least 32 bytes');
  }

  issue(sessionId: string, volunteerId: string, now: Date = new Date()): { code: string; expiresAt: string } {
    const expiresAt = new Date(now.getTime() + this.ttlSeconds * 1000).toISOString();
    const payload = Buffer.from(JSON.stringify({ s: sessionId, v: volunteerId, e: expiresAt })).toString('base64url');
    return { code: `${payload}.${this.sign(payload)}`, expiresAt };
  }

  /** The claims of a code this service signed; 400 SESSION_CODE_INVALID for anything else. */
  verify(code: unknown): SessionCodeClaims {
    const refused = () => invalid('SESSION_CODE_INVALID', 'This is not a session code issued by the service');
    if (typeof code !== 'string' || code.length > 1024) throw refused();
    const [payload, signature, extra] = code.split('.');
    if (!payload || !signature || extra !== undefined) throw refused();
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw refused();
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { s: unknown; v: unknown; e: unknown };
      if (typeof claims.s !== 'string' || typeof claims.v !== 'string' || typeof claims.e !== 'string') throw refused();
      return { sessionId: claims.s, volunteerId: claims.v, expiresAt: claims.e };
    } catch {
      throw refused();
    }
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}
