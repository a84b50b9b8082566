import type { PersonRole } from '#application';
import { CITY, DISTRICT } from '../demo/district-data.js';

/** A user of the demo district one may sign in as in the embedded mode (POST /auth/demo-sign-in). */
export interface DemoUser {
  /** The name to sign in with; also the token's subject. */
  readonly name: string;
  /** Who it is, in the words the sign-in page shows. */
  readonly label: string;
  readonly role: PersonRole;
  /** Area path, broadest first (the token's `area` claim). */
  readonly area: string;
}

const community = (street: string, code: string) => `${CITY}/${DISTRICT}/${street}/${code}`;

/**
 * The demo's users (`npm run demo` acts as the same subjects: its bureau, the committees
 * `committee-<community>`, `demo-donor`, `volunteer-0`). Organisations are not here: their ids are
 * generated when the bureau registers them, so their staff sign in with a pasted token
 * (`npm run -s token -- --role social_organisation --organisation <id> …`).
 */
export const DEMO_USERS: readonly DemoUser[] = [
  { name: 'siming-civil-affairs', label: '思明区民政局', role: 'civil_affairs_bureau', area: `${CITY}/${DISTRICT}` },
  { name: 'committee-zhonghua-zhonghua', label: '中华社区居委会', role: 'community_committee', area: community('zhonghua', 'zhonghua-zhonghua') },
  { name: 'committee-xiagang-shapowei', label: '沙坡尾社区居委会', role: 'community_committee', area: community('xiagang', 'xiagang-shapowei') },
  { name: 'siming-charity-base', label: '思明区慈善基地', role: 'charity_base', area: `${CITY}/${DISTRICT}` },
  { name: 'demo-donor', label: '爱心企业（捐赠方）', role: 'donor', area: CITY },
  { name: 'volunteer-0', label: '志愿者', role: 'volunteer', area: CITY },
];
