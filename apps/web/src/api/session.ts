import { computed, ref } from 'vue';

/** What the console knows of the signed-in person: the claims of its token (verified by the API on every call). */
export interface Session {
  token: string;
  subject: string;
  role: Role;
  /** Area path codes, broadest first. */
  area: { city: string; district?: string; street?: string; community?: string };
  organisationId?: string;
  expiresAt: number;
}

export type Role =
  | 'community_committee' | 'civil_affairs_bureau' | 'social_organisation' | 'social_worker' | 'volunteer'
  | 'donor' | 'charity_base' | 'resident' | 'analytics_reader' | 'auditor';

const STORAGE_KEY = 'wushe.session';

const decodePayload = (token: string): Record<string, unknown> => {
  const part = token.split('.')[1] ?? '';
  const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Record<string, unknown>;
};

/** Reads a token's claims; throws when it is not a JWT with the claims Wushe issues. */
export const sessionOfToken = (token: string): Session => {
  const claims = decodePayload(token.trim());
  const [city, district, street, community] = String(claims.area ?? '').split('/');
  if (typeof claims.sub !== 'string' || typeof claims.role !== 'string' || !city || typeof claims.exp !== 'number') {
    throw new Error('令牌缺少 sub、role、area 或 exp');
  }
  return {
    token: token.trim(),
    subject: claims.sub,
    role: claims.role as Role,
    area: { city, ...(district ? { district } : {}), ...(street ? { street } : {}), ...(community ? { community } : {}) },
    ...(typeof claims.org === 'string' ? { organisationId: claims.org } : {}),
    expiresAt: claims.exp * 1000,
  };
};

const restore = (): Session | null => {
  try {
    const stored = sessionStorage.getItem(STORAGE_KEY);
    if (!stored) return null;
    const session = sessionOfToken(stored);
    return session.expiresAt > Date.now() ? session : null;
  } catch {
    return null;
  }
};

/** The session lives in this tab only (sessionStorage): closing the tab signs out. */
export const session = ref<Session | null>(restore());
export const signedIn = computed(() => session.value !== null);

export const signIn = (token: string): Session => {
  const next = sessionOfToken(token);
  if (next.expiresAt <= Date.now()) throw new Error('令牌已过期');
  sessionStorage.setItem(STORAGE_KEY, next.token);
  session.value = next;
  return next;
};

export const signOut = (): void => {
  sessionStorage.removeItem(STORAGE_KEY);
  session.value = null;
};

/** The signed-in session; pages behind the router's guard may assume it. */
export const current = (): Session => {
  if (!session.value) throw new Error('未登录');
  return session.value;
};

/** The area filters of a list, narrowed to what the user's area names. */
export const areaFilters = (s: Session): Record<string, string> => ({
  ...(s.area.district ? { district: s.area.district } : {}),
  ...(s.area.street ? { street: s.area.street } : {}),
  ...(s.area.community ? { community: s.area.community } : {}),
});

/** Records this browser created for the user (the API has no "mine" filter on volunteers and donations yet). */
export const rememberedIds = (kind: string): string[] => {
  const s = session.value;
  if (!s) return [];
  try {
    return JSON.parse(localStorage.getItem(`wushe.mine.${kind}.${s.subject}`) ?? '[]') as string[];
  } catch {
    return [];
  }
};

export const rememberId = (kind: string, id: string): void => {
  const s = session.value;
  if (!s) return;
  const ids = [id, ...rememberedIds(kind).filter((known) => known !== id)].slice(0, 50);
  localStorage.setItem(`wushe.mine.${kind}.${s.subject}`, JSON.stringify(ids));
};

export const forgetId = (kind: string, id: string): void => {
  const s = session.value;
  if (!s) return;
  localStorage.setItem(`wushe.mine.${kind}.${s.subject}`, JSON.stringify(rememberedIds(kind).filter((known) => known !== id)));
};
