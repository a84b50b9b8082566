import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { OpenApiDocument, OpenApiSchema } from '../support/hostile-requests.js';
import { actor, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Property (issue 8, section 1): whatever the API ACCEPTS, every projection goes on running. Bodies
 * are drawn from each command's OpenAPI schema, with odd but legal values (whitespace, emoji,
 * the longest text allowed, boundary numbers, optional parts present or absent) and references to
 * records that exist, so that many are accepted; after each accepted one, every projection must
 * reach the new head with no failure.
 */
describe('accepted input never stops a projection (property over OpenAPI bodies)', () => {
  let app: TestApp;
  let document: OpenApiDocument;
  const bureau = actor('civil_affairs_bureau', 'bureau-property');
  const area = { city: 'xiamen', district: 'siming', street: 'zhonghua' };
  const communityId = 'property-community';
  let organisationId: string;
  let needId: string;
  let accepted = 0;
  let refused = 0;

  const resolve = (schema: OpenApiSchema): OpenApiSchema => {
    if (schema.$ref) return resolve(document.components.schemas[schema.$ref.split('/').pop()!]!);
    if (schema.allOf?.length === 1) return { ...schema, ...resolve(schema.allOf[0]!), allOf: undefined };
    return schema;
  };

  const text = (maxLength = 64): fc.Arbitrary<string> =>
    fc.oneof(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: Math.min(maxLength, 40) }),
      fc.constantFrom(' ', '　', '社区', '😀👍🏽', 'O\'Brien "x" <b>', 'line\nbreak\ttab', 'é'),
      fc.constant('长'.repeat(maxLength)),
    );

  /** Legal-looking values for a field, chosen by its name where the name says what it refers to. */
  const valueFor = (name: string, schema: OpenApiSchema, freshIds: boolean): fc.Arbitrary<unknown> => {
    const field = resolve(schema);
    if (name === 'communityId') return freshIds ? fc.stringMatching(/^[a-z0-9-]{6,20}$/) : fc.constant(communityId);
    if (name === 'organisationId' || name === 'employerOrganisationId') return fc.constant(organisationId);
    if (name === 'needIds') return fc.constantFrom([], [needId]);
    if (name === 'idNumber') return fc.constantFrom('350203199205051234', '11010519491231002X');
    if (name === 'phone') return fc.constantFrom('13800000000', '+86 592-1234567');
    // Mostly the registered area, so that commands which check it are accepted often enough to say something.
    const mostly = (known: string) => fc.oneof({ arbitrary: fc.constant(known), weight: 4 }, { arbitrary: fc.stringMatching(/^[a-z0-9_-]{1,64}$/), weight: 1 });
    if (name === 'city' || name === 'district' || name === 'street') return mostly(area[name]);
    if (name === 'community') return mostly(communityId);
    if (field.enum) return fc.constantFrom(...field.enum);
    switch (field.type) {
      case 'string':
        if (typeof field.example === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(field.example)) {
          return fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10));
        }
        if (name.endsWith('Id') || name === 'unifiedSocialCreditCode' || name === 'from' || name === 'to' || name === 'deadline') {
          return typeof field.example === 'string' ? fc.constant(field.example) : fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
        }
        return fc.oneof(text(field.maxLength), ...(typeof field.example === 'string' ? [fc.constant(field.example)] : []));
      case 'number':
      case 'integer': {
        const min = field.minimum ?? 1;
        const max = field.maximum ?? 1_000_000;
        return fc.oneof(fc.constantFrom(min, max), fc.integer({ min: Math.ceil(min), max: Math.floor(max) }));
      }
      case 'boolean':
        return fc.boolean();
      case 'array':
        return fc.array(valueFor(name, field.items ?? {}, freshIds), { minLength: 1, maxLength: 3 });
      default:
        return bodyFor(field, freshIds);
    }
  };

  const bodyFor = (schema: OpenApiSchema, freshIds: boolean): fc.Arbitrary<Record<string, unknown>> => {
    const object = resolve(schema);
    const required = new Set(object.required ?? []);
    // Optional parts are absent two times in three: each one present is one more way to be refused.
    const fields = Object.fromEntries(
      Object.entries(object.properties ?? {}).map(([name, property]) => {
        const value = valueFor(name, property, freshIds);
        return [name, required.has(name) ? value : fc.oneof({ arbitrary: fc.constant(undefined), weight: 2 }, { arbitrary: value, weight: 1 })];
      }),
    );
    return fc.record(fields) as fc.Arbitrary<Record<string, unknown>>;
  };

  const schemaOf = (path: string): OpenApiSchema =>
    resolve(document.paths[path]!.post!.requestBody!.content!['application/json']!.schema!);

  /** Waits until every projection has taken the head into account; answers the failures seen. */
  const projectionFailures = async (): Promise<unknown[]> => {
    const head = await app.service.infrastructure.eventStore.headPosition();
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const health = (await app.http().get('/health')).body as { readModels: { projections: { name: string; position: number; error: unknown }[] } };
      const { projections } = health.readModels;
      const failures = projections.filter((projection) => projection.error).map(({ name, error }) => ({ name, error }));
      if (failures.length > 0) return failures;
      if (projections.every((projection) => projection.position >= head)) return [];
      await new Promise((resolveWait) => setTimeout(resolveWait, 20));
    }
    return [{ error: `projections did not reach ${head}` }];
  };

  beforeAll(async () => {
    app = await startTestApp();
    document = (await app.http().get('/docs-json').expect(200)).body as OpenApiDocument;
    await app.http().post('/communities').set(bureau).send({ communityId, name: '性质社区', area, kind: 'urban', residents: 8000, households: 3000 }).expect(201);
    organisationId = (await app.http().post('/organisations').set(bureau).send({
      name: '思明区阳光社工服务中心', kind: 'social_work_agency', unifiedSocialCreditCode: '52350206MJ0000001X', budgetFunded: false, city: 'xiamen', district: 'siming', communityId,
      serviceCategories: ['elderly_care'], capacity: 3,
    }).expect(201)).body.id;
    needId = (await app.http().post('/needs').set(actor('community_committee')).send({
      communityId, category: 'elderly_care', title: '助餐', description: '', urgency: 'high', source: 'visit', beneficiaries: 2,
    }).expect(201)).body.id;
  });

  afterAll(async () => {
    await app?.close();
    process.stdout.write(`accepted-input property: ${accepted} accepted, ${refused} refused\n`);
  });

  it.each([
    ['/communities', 'civil_affairs_bureau', true, 40],
    ['/needs', 'community_committee', false, 40],
    ['/donations', 'donor', false, 40],
    ['/volunteers', 'volunteer', false, 40],
    ['/social-workers', 'civil_affairs_bureau', false, 40],
    ['/organisations', 'civil_affairs_bureau', false, 40],
    // A project's kind, station level and area must agree: few random bodies do, so each round draws more.
    ['/projects', 'civil_affairs_bureau', false, 150],
  ] as const)('POST %s: every accepted body leaves every projection running', async (path, role, freshIds, numRuns) => {
    let acceptedHere = 0;
    const property = fc.asyncProperty(bodyFor(schemaOf(path), freshIds), async (body) => {
      const response = await app.http().post(path).set(actor(role, `${role}-property`)).send(body);
      expect(response.status).toBeLessThan(500);
      if (response.status >= 400) {
        refused += 1;
        return;
      }
      accepted += 1;
      acceptedHere += 1;
      expect(await projectionFailures()).toEqual([]);
    });
    // A stopped projection stays stopped, so shrinking would blame later inputs: report the first.
    // Rounds go on (a few at most) until some bodies were accepted: a property over nothing says nothing.
    for (let round = 0; round < 5 && acceptedHere < 3; round += 1) {
      await fc.assert(property, { numRuns, endOnFailure: true });
    }
    // The property says nothing if nothing was accepted.
    expect(acceptedHere).toBeGreaterThan(0);
  }, 120_000);
});
