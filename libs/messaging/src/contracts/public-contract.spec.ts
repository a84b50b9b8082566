import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { domainEventRegistry } from '#domain';
import { openSqliteEventStore, type EventStore, type RecordedEvent } from '#event-store';
import { toOutgoingMessage, type OutgoingMessage } from '../relay/event-message.js';
import { CONTRACT_AGGREGATES, publicTopic, publicTopics, type PublishedDecision } from './integration-event.js';
import { AREA_CODE_TITLE, type JsonSchema } from './json-schema.js';
import { contractValidator } from './contract-validator.js';
import { integrationEventDefinitions, publicContractDecisions, publicContractV2Decisions } from './public-contract.js';
import {
  ContractViolationError,
  CONTRACT_TYPE_HEADER,
  publicContractMapper,
  publicContractMapping,
  toIntegrationEvent,
  UnmappedEventTypeError,
} from './public-contract-mapping.js';
import { MARKER_PREFIX, runMarkedDomainFlow } from './testing/marked-domain-flow.js';

const PREFIX = 'contract-test';

describe('the public contract', () => {
  let store: EventStore;
  let events: RecordedEvent[];
  let markers: string[];
  /** Every stored event with the relay message the public mapping makes of it (null: withheld). */
  let relayed: { event: RecordedEvent; message: OutgoingMessage | null }[];
  /** The same through the v2 mapping (published beside v1: the volunteer topic). */
  let relayedV2: { event: RecordedEvent; message: OutgoingMessage | null }[];

  beforeAll(async () => {
    store = await openSqliteEventStore(':memory:');
    ({ markers } = await runMarkedDomainFlow(store));
    events = await store.readAll();
    const relay = (mapEvent: ReturnType<typeof publicContractMapper>) =>
      events.map((event) => {
        const mapped = mapEvent(event);
        return { event, message: mapped ? toOutgoingMessage(event, mapped) : null };
      });
    relayed = relay(publicContractMapper({ topicPrefix: PREFIX }));
    relayedV2 = relay(publicContractMapper({ topicPrefix: PREFIX, major: 2 }));
  });

  afterAll(async () => {
    await store.close();
  });

  describe('decisions', () => {
    it('has a decision for every stored event type in the domain registry, and none for a type the domain does not have', () => {
      expect(Object.keys(publicContractDecisions).sort()).toEqual(domainEventRegistry.types().sort());
    });

    it('names integration events wushe.<aggregate>.<fact>.v<major>, each once, and gives every withheld type its reason', () => {
      const types = integrationEventDefinitions().map((definition) => definition.type);
      expect(new Set(types).size).toBe(types.length);
      for (const definition of integrationEventDefinitions()) {
        expect(definition.type).toMatch(new RegExp(`^wushe\\.${definition.aggregate}\\.[a-z]+(-[a-z]+)*\\.v${definition.major}$`));
        expect(definition.schema).toMatchObject({ properties: { schemaVersion: { const: definition.major } } });
      }
      for (const decision of Object.values(publicContractDecisions)) {
        if (!decision.publish) expect(decision.reason.length).toBeGreaterThan(20);
      }
    });

    it('refuses to map an event type without a decision instead of dropping or passing it through', () => {
      const unknown = { ...events[0]!, type: 'NeedTeleported' };
      expect(() => toIntegrationEvent(unknown)).toThrow(UnmappedEventTypeError);
      expect(() => publicContractMapper({ topicPrefix: PREFIX })(unknown)).toThrow(/publish or withhold it/);
    });

    it('maps the current shape of an event: stored versions go through the upcaster first', () => {
      const listed = events.find((event) => event.type === 'NeedListed')!;
      const { urgency: _urgency, ...olderData } = listed.data as Record<string, unknown>;
      const older = { ...listed, schemaVersion: 0, data: olderData };
      const upcaster = {
        upcast: (event: { type: string; schemaVersion: number; data: unknown }) => ({
          type: event.type,
          data: event.schemaVersion === 0 ? { ...(event.data as object), urgency: 'critical' } : event.data,
        }),
      };
      expect(toIntegrationEvent(older, upcaster)?.data).toMatchObject({ urgency: 'critical' });
    });
  });

  describe('samples from the real deciders', () => {
    it('cover every stored event type, so every decision below is exercised', () => {
      expect([...new Set(events.map((event) => event.type))].sort()).toEqual(domainEventRegistry.types().sort());
    });

    it('go to <prefix>.<aggregate>.v1 keyed by stream id, with the envelope and the contract type header', () => {
      for (const { event, message } of relayed) {
        const decision = publicContractDecisions[event.type]!;
        if (!decision.publish || (decision.publishes && !decision.publishes(domainEventRegistry.upcast(event).data as Record<string, unknown>))) {
          expect(message).toBeNull();
          continue;
        }
        expect(event.streamId.startsWith(`${CONTRACT_AGGREGATES[decision.aggregate].streamPrefix}-`)).toBe(true);
        expect(message).toMatchObject({ topic: publicTopic(PREFIX, decision.aggregate), key: event.streamId });
        expect(message!.headers).toMatchObject({ eventId: event.eventId, [CONTRACT_TYPE_HEADER]: decision.type, position: String(event.position) });
        expect(JSON.parse(String(message!.value))).toMatchObject({
          eventId: event.eventId,
          type: decision.type,
          schemaVersion: 1,
          occurredAt: event.metadata.occurredAt,
          correlationId: event.metadata.correlationId,
          streamId: event.streamId,
          position: event.position,
        });
      }
      const withheldTypes = Object.entries(publicContractDecisions).flatMap(([type, decision]) => (decision.publish ? [] : [type]));
      expect(withheldTypes).toContain('DonationReceipted');
      // Only v1 hours-logged publishes some facts of its type: the hours that count when logged.
      const filtered = relayed.filter(({ event, message }) => message === null && !withheldTypes.includes(event.type)).map(({ event }) => event.type);
      expect([...new Set(filtered)]).toEqual(['VolunteerHoursLogged']);
      expect([...new Set(relayed.filter(({ message }) => message === null).map(({ event }) => event.type))].sort()).toEqual([...withheldTypes, 'VolunteerHoursLogged'].sort());
    });

    it('publish v2 beside v1: every volunteer fact on <prefix>.volunteer.v2, hours-logged.v2 with entryId and status, nothing else on v2', () => {
      for (const { event, message } of relayedV2) {
        const decision = publicContractV2Decisions[event.type];
        if (!decision) {
          expect(message).toBeNull();
          continue;
        }
        expect(decision).toMatchObject({ publish: true, aggregate: 'volunteer', major: 2 });
        expect(message).toMatchObject({ topic: `${PREFIX}.volunteer.v2`, key: event.streamId });
        expect(JSON.parse(String(message!.value))).toMatchObject({ eventId: event.eventId, schemaVersion: 2, type: decision.publish ? decision.type : '' });
      }
      const logged = (flow: typeof relayed) =>
        flow.filter(({ event }) => event.type === 'VolunteerHoursLogged').map(({ message }) => (message ? (JSON.parse(String(message.value)) as { type: string; data: Record<string, unknown> }) : null));
      // The flow logs three entries: one typed by the coordinator (confirmed), two reported by the volunteer (pending).
      const v2 = logged(relayedV2);
      expect(v2.map((message) => [message!.type, message!.data.status])).toEqual([
        ['wushe.volunteer.hours-logged.v2', 'confirmed'], ['wushe.volunteer.hours-logged.v2', 'pending'], ['wushe.volunteer.hours-logged.v2', 'pending'],
      ]);
      expect(Object.keys(v2[0]!.data).sort()).toEqual(['area', 'assignmentId', 'entryId', 'hours', 'servedOn', 'status', 'target', 'volunteerId']);
      // v1 keeps its first shape and only the hours that count when logged: a pending report is not served hours yet.
      const v1 = logged(relayed);
      expect(v1.map((message) => message?.type ?? null)).toEqual(['wushe.volunteer.hours-logged.v1', null, null]);
      expect(Object.keys(v1[0]!.data).sort()).toEqual(['area', 'assignmentId', 'hours', 'servedOn', 'target', 'volunteerId']);
      // Its confirmation reaches v1 as hours-confirmed.v1 and v2 as hours-confirmed.v2.
      const confirmed = (flow: typeof relayed) => flow.filter(({ event }) => event.type === 'VolunteerHoursConfirmed').map(({ message }) => (JSON.parse(String(message!.value)) as { type: string }).type);
      expect([confirmed(relayed), confirmed(relayedV2)]).toEqual([['wushe.volunteer.hours-confirmed.v1'], ['wushe.volunteer.hours-confirmed.v2']]);
    });

    it('validate against their JSON Schemas (draft 2020-12, closed objects) with an independent ajv', () => {
      const ajv = new Ajv2020({ strict: true, allErrors: true });
      ajv.addFormat('date-time', true).addFormat('date', true).addFormat('uuid', true);
      const validators = new Map(integrationEventDefinitions().map((definition) => [definition.type, ajv.compile(definition.schema)]));
      const checked = new Set<string>();
      for (const { message } of [...relayed, ...relayedV2]) {
        if (!message) continue;
        const value = JSON.parse(String(message.value)) as { type: string };
        const validate = validators.get(value.type)!;
        expect({ type: value.type, valid: validate(value), errors: validate.errors ?? null }).toEqual({ type: value.type, valid: true, errors: null });
        checked.add(value.type);
      }
      expect([...checked].sort()).toEqual(integrationEventDefinitions().map((definition) => definition.type).sort());
      // Closed means closed: one extra field anywhere fails.
      const sample = JSON.parse(String(relayed.find(({ message }) => message)!.message!.value)) as { type: string; data: Record<string, unknown> };
      expect(validators.get(sample.type)!({ ...sample, data: { ...sample.data, beneficiaryRef: 'x' } })).toBe(false);
      expect(validators.get(sample.type)!({ ...sample, actor: { id: 'x' } })).toBe(false);
    });

    it('are written in the current shape only: each validates against the producer schema, which has no earlier shape in it', () => {
      const ajv = new Ajv2020({ strict: true, allErrors: true });
      ajv.addFormat('date-time', true).addFormat('date', true).addFormat('uuid', true);
      const produced = new Map(integrationEventDefinitions().map((definition) => [definition.type, ajv.compile(definition.producedSchema)]));
      for (const { message } of [...relayed, ...relayedV2]) {
        if (!message) continue;
        const value = JSON.parse(String(message.value)) as { type: string };
        expect({ type: value.type, valid: produced.get(value.type)!(value) }).toEqual({ type: value.type, valid: true });
        expect(contractValidator().checkProduced(value)).toBeNull();
      }
      // Only v1 hours-logged was ever published in another shape; its producer schema is exactly the frozen first one.
      const withEarlier = integrationEventDefinitions().filter((definition) => definition.earlierShapes.length > 0);
      expect(withEarlier.map((definition) => definition.type)).toEqual(['wushe.volunteer.hours-logged.v1']);
      const frozen = withEarlier[0]!.producedSchema as { properties: { data: { required: string[]; additionalProperties: boolean } } };
      expect(frozen.properties.data).toMatchObject({ additionalProperties: false, required: ['volunteerId', 'assignmentId', 'target', 'hours', 'servedOn', 'area'] });
      for (const definition of integrationEventDefinitions()) if (definition.earlierShapes.length === 0) expect(definition.producedSchema).toBe(definition.schema);
    });

    it("describe the shape the release of e756440 wrote on v1 as a deprecated alternative a consumer accepts and the relay never sends", () => {
      // That release's hours-logged.v1 data is what hours-logged.v2 carries now (same keys, same mapping): build it from a real sample.
      const v2 = relayedV2.map(({ message }) => message && (JSON.parse(String(message.value)) as { type: string; data: Record<string, unknown> }))
        .filter((value) => value?.type === 'wushe.volunteer.hours-logged.v2');
      const earlier = v2.map((value) => ({ ...value!, type: 'wushe.volunteer.hours-logged.v1', schemaVersion: 1 }));
      expect(earlier.map((value) => value.data.status)).toEqual(['confirmed', 'pending', 'pending']);
      const validator = contractValidator();
      for (const value of earlier) {
        expect(validator.check(value)).toBeNull();
        expect(validator.checkProduced(value)?.problems).toContain('/data: must NOT have additional properties');
      }
      // The published file says so: the frozen shape first, then the earlier one, deprecated.
      const schema = integrationEventDefinitions().find((definition) => definition.type === 'wushe.volunteer.hours-logged.v1')!.schema as {
        properties: { data: { oneOf: { required: string[]; deprecated?: boolean; description?: string }[] } };
      };
      expect(schema.properties.data.oneOf.map((shape) => [shape.required.includes('status'), shape.deprecated ?? false])).toEqual([[false, false], [true, true]]);
      expect(schema.properties.data.oneOf[1]!.description).toMatch(/e756440.*never writes it/);
      // Neither shape opens the door to anything else: a half of the earlier shape, or an unknown status, is refused.
      const { entryId: _entryId, ...withoutEntry } = earlier[0]!.data;
      expect(validator.check({ ...earlier[0]!, data: withoutEntry })).not.toBeNull();
      expect(validator.check({ ...earlier[0]!, data: { ...earlier[0]!.data, status: 'declined' } })).not.toBeNull();
      // v2 topics started with the current shapes: none of their types inherits v1's earlier shape.
      expect(integrationEventDefinitions().filter((definition) => definition.major === 2 && definition.earlierShapes.length > 0)).toEqual([]);
    });

    it('carry no personal data and no free text: no marker in any key, header or value of any message', () => {
      expect(markers.length).toBeGreaterThan(60);
      // The markers are really in the stored events (and their metadata), so the scan below can fail.
      const stored = JSON.stringify(events);
      expect(markers.filter((marker) => !stored.includes(marker))).toEqual([]);
      for (const { event, message } of [...relayed, ...relayedV2]) {
        if (!message) continue;
        const bytes = `${message.key}\n${JSON.stringify(message.headers)}\n${String(message.value)}`;
        const leaked = markers.filter((marker) => bytes.includes(marker));
        expect({ type: event.type, leaked }).toEqual({ type: event.type, leaked: [] });
        expect(bytes).not.toContain(MARKER_PREFIX);
      }
    });
  });

  describe('schemas', () => {
    /** Every string in the contract is an id, a code, a date or an enumeration value: free text has no way in. */
    const looseStrings = (schema: unknown, path: string): string[] => {
      if (Array.isArray(schema)) return schema.flatMap((item, index) => looseStrings(item, `${path}/${index}`));
      if (typeof schema !== 'object' || schema === null) return [];
      const node = schema as JsonSchema;
      const own =
        node.type === 'string' && !('enum' in node) && !('const' in node) && !('pattern' in node) && node.title !== AREA_CODE_TITLE ? [path] : [];
      return [...own, ...Object.entries(node).flatMap(([keyword, value]) => looseStrings(value, `${path}/${keyword}`))];
    };

    it('allow no unconstrained string anywhere', () => {
      for (const definition of integrationEventDefinitions()) expect({ type: definition.type, loose: looseStrings(definition.schema, '') }).toEqual({ type: definition.type, loose: [] });
    });

    /** The property names a schema declares, at any depth. */
    const propertyNames = (schema: unknown): string[] => {
      if (Array.isArray(schema)) return schema.flatMap(propertyNames);
      if (typeof schema !== 'object' || schema === null) return [];
      const node = schema as JsonSchema;
      const own = typeof node.properties === 'object' && node.properties !== null ? Object.keys(node.properties) : [];
      return [...own, ...Object.values(node).flatMap(propertyNames)];
    };

    it('never name a vault reference or a free-text field of the internal events', () => {
      const names = new Set(integrationEventDefinitions().flatMap((definition) => propertyNames(definition.schema)));
      expect(names).toContain('needId');
      const internalOnly = ['personRef', 'beneficiaryRef', 'donorRef', 'donor', 'displayName', 'name', 'description', 'title', 'note', 'reason', 'proposal', 'summary', 'comment', 'certificateNumber', 'receiptNumber', 'unifiedSocialCreditCode', 'requirements', 'organisationName', 'requiredSkills', 'serviceItem', 'eligibility', 'contract', 'actor', 'ownerAccount', 'donorAccount', 'donorMatchedFen'];
      expect(internalOnly.filter((field) => names.has(field))).toEqual([]);
    });
  });

  describe('the relay mapping', () => {
    it('publishes to one topic per aggregate under its own checkpoint name', () => {
      const mapping = publicContractMapping({ topicPrefix: 'wushe' });
      expect(mapping.name).toBe('public-contract-v1');
      expect([...mapping.topics]).toEqual(['wushe.community.v1', 'wushe.organisation.v1', 'wushe.social-worker.v1', 'wushe.volunteer.v1', 'wushe.donation.v1', 'wushe.matching-pool.v1', 'wushe.grant-round.v1', 'wushe.need.v1', 'wushe.project.v1', 'wushe.elder.v1']);
      expect(publicTopics('wushe')).toEqual([...mapping.topics]);
      // v2 runs as a second relay with its own checkpoint (it publishes the log from the start), on the topics it carries.
      const v2 = publicContractMapping({ topicPrefix: 'wushe', major: 2 });
      expect([v2.name, [...v2.topics]]).toEqual(['public-contract-v2', ['wushe.volunteer.v2']]);
    });

    it('refuses to send a message its schema rejects (an unknown category) rather than publish it', () => {
      const listed = events.find((event) => event.type === 'NeedListed')!;
      const broken = { ...listed, eventId: randomUUID(), data: { ...(listed.data as object), category: 'astrology' } };
      const mapEvent = publicContractMapper({ topicPrefix: PREFIX });
      expect(() => mapEvent(broken)).toThrow(ContractViolationError);
      expect(() => mapEvent(broken)).toThrow(/\/data\/category: must be equal to one of the allowed values/);
    });

    it('refuses to send v1 hours-logged in the shape the release of e756440 wrote, though a consumer accepts that shape', () => {
      const logged = events.find((event) => event.type === 'VolunteerHoursLogged' && toIntegrationEvent(event) !== null)!;
      // A mapper that drifted back to that release's (entryId and status: v2's mapping is the same).
      const decision = publicContractDecisions.VolunteerHoursLogged as { toData: PublishedDecision['toData'] };
      const frozen = decision.toData;
      decision.toData = (publicContractV2Decisions.VolunteerHoursLogged as PublishedDecision).toData;
      try {
        expect(contractValidator().check(toIntegrationEvent(logged))).toBeNull();
        expect(() => publicContractMapper({ topicPrefix: PREFIX })(logged)).toThrow(ContractViolationError);
      } finally {
        decision.toData = frozen;
      }
      expect(JSON.parse(String(publicContractMapper({ topicPrefix: PREFIX })(logged)!.value)).data).not.toHaveProperty('status');
    });
  });
});
