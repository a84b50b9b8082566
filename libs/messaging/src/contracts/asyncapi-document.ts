/**
 * The AsyncAPI 3.0 description of the public topics, built from the same catalogue the relay
 * maps with, so the document cannot drift from what is sent. `libs/messaging/asyncapi.yaml` and
 * `contracts/schemas/*.json` are its rendered files; a test fails when they are stale
 * (regenerate with `WUSHE_UPDATE_CONTRACTS=1`, see ./README.md).
 */
import { CONTRACT_AGGREGATES, CONTRACT_MAJORS, type ContractAggregate, type ContractMajor } from './integration-event.js';
import { CONTENT_TYPE_HEADER, CONTRACT_TYPE_HEADER } from './public-contract-mapping.js';
import { contractAggregatesOf, integrationEventDefinitions, schemaFileOf, type IntegrationEventDefinition } from './public-contract.js';

/** Where asyncapi.yaml finds the schema files, relative to itself. */
export const SCHEMAS_DIR_FROM_ASYNCAPI = './src/contracts/schemas';

const KAFKA_BINDING_VERSION = '0.5.0';

const DESCRIPTION = `The facts of five-society linkage (五社联动) as analytics consumers may read them: communities,
social organisations, social workers, volunteers, charitable resources, residents' needs and
service projects. These integration events are a public contract, separate from the product's
stored events; they change only by a new major version.

Naming: an integration event type is \`wushe.<aggregate>.<fact>.v<major>\` (\`wushe.need.listed.v1\`),
a topic is \`<prefix>.<aggregate>.v<major>\` (\`wushe.need.v1\`); the prefix is the deployment's
KAFKA_TOPIC_PREFIX, the \`wushe\` of a type name is fixed.

Delivery: at least once. Every message is keyed by its stream id (\`need-<needId>\`), so one
aggregate's events sit in one partition in the order they happened. A fact can arrive twice (a
relay that restarts republishes its last unconfirmed batch) with the same eventId and the same
bytes: deduplicate on eventId.

Privacy (PIPL): no message carries personal data. People appear only through the ids the product
gives them (volunteerId, socialWorkerId); vault references (personRef, beneficiaryRef, donorRef),
names, credit codes, certificate and receipt numbers, and every free text (titles, descriptions,
notes, reasons, proposals, summaries, comments, skills) stay inside the product.

Evolution: a v1 schema is frozen. Any change of shape, including a new enumeration value such as a
new service category, is published as v2 types on v2 topics, side by side with v1 for a transition.
v2 so far: the volunteer topic (\`{topicPrefix}.volunteer.v2\`), where hours-logged carries the entry's
id and status; every other volunteer fact is on it too, in its v1 shape. The v1 volunteer topic is
deprecated but still published: hours-logged.v1 keeps its first shape and carries only hours that
count when logged (a volunteer's own report reaches v1 when confirmed, as hours-confirmed.v1).
Read from the beginning, the v1 volunteer topic also holds hours-logged.v1 messages one earlier
release wrote with the entry's id and status: its schema describes them as a deprecated alternative
(count \`confirmed\` ones, not \`pending\` ones, whose hours-confirmed.v1 counts them).`;

const headersSchema = {
  type: 'object',
  description: 'Set on every message, so consumers can dedupe, route and trace without parsing the value',
  required: ['eventId', 'streamId', 'position', 'correlationId', CONTRACT_TYPE_HEADER, CONTENT_TYPE_HEADER],
  properties: {
    eventId: { type: 'string', description: 'As in the value: dedupe on it' },
    streamId: { type: 'string', description: 'As in the value and the key' },
    position: { type: 'string', description: 'Global position, decimal' },
    revision: { type: 'string', description: 'The event’s revision within its stream, decimal' },
    correlationId: { type: 'string' },
    causationId: { type: 'string', description: 'The fact that caused this one, when a policy reacted; absent for a user’s command' },
    [CONTRACT_TYPE_HEADER]: { type: 'string', description: 'The integration event type, as `type` in the value' },
    [CONTENT_TYPE_HEADER]: { type: 'string', const: 'application/json' },
    type: { type: 'string', description: 'The product’s internal event type the fact was recorded as: informative, not part of the contract' },
    schemaVersion: { type: 'string', description: 'The internal event’s schema version: informative, not part of the contract' },
  },
};

/** v1 channels keep their first ids (`volunteer`); a later version's are suffixed (`volunteer-v2`). */
const channelId = (aggregate: ContractAggregate, major: ContractMajor) => (major === 1 ? aggregate : `${aggregate}-v${major}`);
const operationId = (aggregate: ContractAggregate, major: ContractMajor) =>
  `send${aggregate.replace(/(^|-)([a-z])/g, (_match, _dash: string, letter: string) => letter.toUpperCase())}Events${major === 1 ? '' : `V${major}`}`;
const channels = (): [ContractAggregate, ContractMajor][] => CONTRACT_MAJORS.flatMap((major) => contractAggregatesOf(major).map((aggregate): [ContractAggregate, ContractMajor] => [aggregate, major]));

const message = (definition: IntegrationEventDefinition) => ({
  name: definition.type,
  title: definition.type,
  summary: definition.summary,
  ...(definition.earlierShapes.length > 0
    ? {
        description:
          'Read from the beginning, the topic also holds this type in a shape an earlier release wrote (a deprecated alternative of `data` ' +
          `in the payload schema): ${definition.earlierShapes.join(' / ')}`,
      }
    : {}),
  contentType: 'application/json',
  headers: { $ref: '#/components/schemas/MessageHeaders' },
  payload: {
    schemaFormat: 'application/schema+json;version=draft-2020-12',
    schema: { $ref: `${SCHEMAS_DIR_FROM_ASYNCAPI}/${schemaFileOf(definition.type)}` },
  },
  bindings: {
    kafka: {
      key: { type: 'string', description: `The stream id, \`${CONTRACT_AGGREGATES[definition.aggregate].streamPrefix}-<id>\`` },
      bindingVersion: KAFKA_BINDING_VERSION,
    },
  },
});

/** The AsyncAPI 3.0 document as data. */
export const buildAsyncApiDocument = (): Record<string, unknown> => {
  const definitions = integrationEventDefinitions();
  const ofAggregate = (aggregate: ContractAggregate, major: ContractMajor) => definitions.filter((definition) => definition.aggregate === aggregate && definition.major === major);
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Wushe 五社联动 public event stream',
      version: `${Math.max(...CONTRACT_MAJORS)}.0.0`,
      description: DESCRIPTION,
    },
    defaultContentType: 'application/json',
    servers: {
      kafka: {
        host: 'kafka:9092',
        protocol: 'kafka',
        description: "The deployment's Kafka cluster (KAFKA_BROKERS); topics have KAFKA_PARTITIONS partitions (6 by default)",
      },
    },
    channels: Object.fromEntries(
      channels().map(([aggregate, major]) => [
        channelId(aggregate, major),
        {
          address: `{topicPrefix}.${aggregate}.v${major}`,
          title: CONTRACT_AGGREGATES[aggregate].title,
          description:
            `Every published fact of the ${aggregate} aggregate, keyed by stream id (\`${CONTRACT_AGGREGATES[aggregate].streamPrefix}-<id>\`).` +
            (major === 1 && contractAggregatesOf(2).includes(aggregate) ? ` Deprecated: read \`{topicPrefix}.${aggregate}.v2\`; still published for the transition.` : ''),
          parameters: { topicPrefix: { default: 'wushe', description: 'The deployment’s KAFKA_TOPIC_PREFIX' } },
          messages: Object.fromEntries(ofAggregate(aggregate, major).map((definition) => [definition.type, { $ref: `#/components/messages/${definition.type}` }])),
        },
      ]),
    ),
    operations: Object.fromEntries(
      channels().map(([aggregate, major]) => [
        operationId(aggregate, major),
        {
          action: 'send',
          channel: { $ref: `#/channels/${channelId(aggregate, major)}` },
          summary: `The relay publishes ${aggregate} facts after the product stored them (at least once, in per-stream order)`,
          messages: ofAggregate(aggregate, major).map((definition) => ({ $ref: `#/channels/${channelId(aggregate, major)}/messages/${definition.type}` })),
        },
      ]),
    ),
    components: {
      schemas: { MessageHeaders: headersSchema },
      messages: Object.fromEntries(definitions.map((definition) => [definition.type, message(definition)])),
    },
  };
};

// --- a small YAML writer: the document is plain data (strings, numbers, booleans, lists, maps) ----

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_.$-]*$/;
const PLAIN_SCALAR = /^[A-Za-z_][A-Za-z0-9_ .,()'/-]*$/;
const YAML_WORDS = /^(true|false|null|yes|no|on|off|y|n|~)$/i;

const scalar = (value: unknown): string => {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  const text = String(value);
  // JSON strings are valid YAML double-quoted scalars: the safe form for anything not plainly a word.
  return PLAIN_SCALAR.test(text) && !YAML_WORDS.test(text) && !text.endsWith(' ') && !text.includes(': ') && !text.includes(' #')
    ? text
    : JSON.stringify(text);
};

const key = (name: string): string => (PLAIN_KEY.test(name) && !YAML_WORDS.test(name) ? name : JSON.stringify(name));

const isEmpty = (value: unknown) => (Array.isArray(value) ? value.length === 0 : typeof value === 'object' && value !== null && Object.keys(value).length === 0);

const lines = (value: unknown, indent: string): string[] => {
  if (Array.isArray(value)) {
    return value.flatMap((item) => {
      if (typeof item === 'object' && item !== null && !isEmpty(item)) {
        const [first, ...rest] = lines(item, `${indent}  `);
        return [`${indent}- ${first!.trimStart()}`, ...rest];
      }
      return [`${indent}- ${inline(item)}`];
    });
  }
  return Object.entries(value as Record<string, unknown>).flatMap(([name, item]) => {
    if (typeof item === 'string' && item.includes('\n') && !/^\s/.test(item) && !/\s$/.test(item)) {
      return [`${indent}${key(name)}: |-`, ...item.split('\n').map((line) => (line === '' ? '' : `${indent}  ${line}`))];
    }
    if (typeof item === 'object' && item !== null && !isEmpty(item)) return [`${indent}${key(name)}:`, ...lines(item, `${indent}  `)];
    return [`${indent}${key(name)}: ${inline(item)}`];
  });
};

const inline = (value: unknown): string => (Array.isArray(value) ? '[]' : typeof value === 'object' && value !== null ? '{}' : scalar(value));

/** YAML for plain data: block style, strings quoted unless plainly words. */
export const toYaml = (value: Record<string, unknown>): string => `${lines(value, '').join('\n')}\n`;
