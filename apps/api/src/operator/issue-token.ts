import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatAreaPath, IdentityError, parseAreaPath, PERSON_ROLES, type PersonRole } from '#application';
import { authAudience, authIssuer, ConfigurationError, embeddedSigningKey, mintToken, parseTtl, type WusheConfig } from '#platform';

export const TOKEN_USAGE =
  'Usage: npm run -s token -- --role <role> --subject <id> --area <city[/district[/street[/community]]]> [--organisation <id>] [--person <volunteer or social worker id>] [--ttl 8h]\n' +
  `  roles: ${PERSON_ROLES.join(', ')}\n` +
  '  area: e.g. xiamen (a city bureau), xiamen/siming/zhonghua (a street office), xiamen/siming/zhonghua/zhonghua-1 (a committee)';

export interface IssuedToken {
  token: string;
  /** One line saying what the token is for (the command prints it before the token). */
  summary: string;
}

/**
 * What `npm run -s token` does: signs a token with the embedded issuer's key under DATA_DIR (created
 * when missing, as the service would). Only the embedded mode issues tokens; in the oidc mode they
 * come from the external issuer.
 */
export const issueToken = (argv: string[], config: WusheConfig, now = new Date()): IssuedToken => {
  if (config.AUTH_MODE !== 'embedded') {
    throw new ConfigurationError(['AUTH_MODE=oidc: tokens come from your OpenID Connect issuer; this command issues embedded-mode tokens only']);
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        role: { type: 'string' },
        subject: { type: 'string' },
        area: { type: 'string' },
        organisation: { type: 'string' },
        person: { type: 'string' },
        ttl: { type: 'string', default: '8h' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new ConfigurationError([`${error instanceof Error ? error.message : String(error)}`, TOKEN_USAGE]);
  }
  const { role, subject, area, organisation, person, ttl, help } = values as Record<string, string | undefined> & { help?: boolean };
  if (help || !role || !subject || !area) throw new ConfigurationError([TOKEN_USAGE]);
  if (!(PERSON_ROLES as readonly string[]).includes(role)) {
    throw new ConfigurationError([`--role must be one of ${PERSON_ROLES.join(', ')} (system belongs to the service's own policies)`]);
  }
  if (!/^[A-Za-z0-9._:@|-]{1,128}$/.test(subject)) throw new ConfigurationError(['--subject must be 1-128 characters of [A-Za-z0-9._:@|-]']);
  if (organisation !== undefined && !/^[A-Za-z0-9._:-]{1,128}$/.test(organisation)) {
    throw new ConfigurationError(['--organisation must be 1-128 characters of [A-Za-z0-9._:-]']);
  }
  if (person !== undefined && !/^[A-Za-z0-9._:-]{1,128}$/.test(person)) {
    throw new ConfigurationError(['--person must be 1-128 characters of [A-Za-z0-9._:-]: the volunteer or social worker id the account is']);
  }
  let scope;
  try {
    scope = parseAreaPath(area);
  } catch (error) {
    throw new ConfigurationError([`--area: ${error instanceof IdentityError ? error.message : String(error)}`]);
  }
  let ttlSeconds: number;
  try {
    ttlSeconds = parseTtl(ttl ?? '8h');
  } catch (error) {
    throw new ConfigurationError([error instanceof Error ? error.message : String(error)]);
  }
  const key = embeddedSigningKey(resolve(config.DATA_DIR));
  const token = mintToken(key, {
    actor: { id: subject, role: role as PersonRole, area: scope, ...(organisation ? { organisationId: organisation } : {}), ...(person ? { personId: person } : {}) },
    issuer: authIssuer(config),
    audience: authAudience(config),
    ttlSeconds,
    now,
  });
  const expires = new Date(now.getTime() + ttlSeconds * 1000).toISOString();
  return {
    token,
    summary: `${role} ${subject} in ${formatAreaPath(scope)}${organisation ? ` for ${organisation}` : ''}${person ? ` as ${person}` : ''}, valid until ${expires} (key ${key.kid} in ${resolve(config.DATA_DIR)})`,
  };
};
