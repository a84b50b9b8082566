import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { buildAsyncApiDocument } from './asyncapi-document.js';
import { renderContractFiles } from './contract-files.js';
import { integrationEventDefinitions } from './public-contract.js';

const MESSAGING_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const UPDATE = ['1', 'true'].includes(String(process.env.WUSHE_UPDATE_CONTRACTS));

// js-yaml comes with @nestjs/swagger; only this test reads YAML, to check the writer's output.
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

describe('the published contract files (asyncapi.yaml and schemas/*.json)', () => {
  const files = renderContractFiles();

  if (UPDATE) {
    it('are rewritten from the catalogue (WUSHE_UPDATE_CONTRACTS=1)', () => {
      for (const file of files) {
        mkdirSync(dirname(join(MESSAGING_ROOT, file.path)), { recursive: true });
        writeFileSync(join(MESSAGING_ROOT, file.path), file.content);
      }
      expect(files.length).toBe(integrationEventDefinitions().length + 1);
    });
  }

  it('match the catalogue the relay maps with (stale files fail: regenerate with WUSHE_UPDATE_CONTRACTS=1)', () => {
    const stale = files.filter((file) => !existsSync(join(MESSAGING_ROOT, file.path)) || readFileSync(join(MESSAGING_ROOT, file.path), 'utf8') !== file.content);
    expect(stale.map((file) => file.path)).toEqual([]);
  });

  it('hold no schema for a type the catalogue no longer publishes', () => {
    const onDisk = readdirSync(join(MESSAGING_ROOT, 'src', 'contracts', 'schemas')).sort();
    expect(onDisk).toEqual(files.filter((file) => file.path.endsWith('.json')).map((file) => file.path.split('/').at(-1)).sort());
  });

  it('is YAML that reads back as the AsyncAPI 3.0 document', () => {
    const text = readFileSync(join(MESSAGING_ROOT, 'asyncapi.yaml'), 'utf8');
    expect(yaml.load(text)).toEqual(buildAsyncApiDocument());
  });

  it('describes every topic, message and operation with references that resolve', () => {
    const document = buildAsyncApiDocument() as {
      asyncapi: string;
      channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
      operations: Record<string, { action: string; channel: { $ref: string }; messages: { $ref: string }[] }>;
      components: { messages: Record<string, { payload: { schema: { $ref: string } }; headers: { $ref: string } }>; schemas: Record<string, unknown> };
    };
    expect(document.asyncapi).toBe('3.0.0');
    expect(Object.values(document.channels).map((channel) => channel.address)).toEqual([
      '{topicPrefix}.community.v1',
      '{topicPrefix}.organisation.v1',
      '{topicPrefix}.social-worker.v1',
      '{topicPrefix}.volunteer.v1',
      '{topicPrefix}.donation.v1',
      '{topicPrefix}.matching-pool.v1',
      '{topicPrefix}.grant-round.v1',
      '{topicPrefix}.need.v1',
      '{topicPrefix}.project.v1',
      '{topicPrefix}.elder.v1',
      // v2, beside the deprecated v1: the volunteer topic, where hours-logged carries entryId and status.
      '{topicPrefix}.volunteer.v2',
    ]);
    const resolve = (ref: string): unknown => ref.slice(2).split('/').reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], document);
    const described = new Set<string>();
    for (const operation of Object.values(document.operations)) {
      expect(operation.action).toBe('send');
      const channel = resolve(operation.channel.$ref) as { messages: Record<string, { $ref: string }> };
      expect(channel).toBeDefined();
      for (const message of operation.messages) {
        const inChannel = resolve(message.$ref) as { $ref: string };
        const component = resolve(inChannel.$ref) as { name: string; payload: { schema: { $ref: string } }; headers: { $ref: string } };
        expect(component).toBeDefined();
        expect(resolve(component.headers.$ref)).toBeDefined();
        const schema = JSON.parse(readFileSync(join(MESSAGING_ROOT, component.payload.schema.$ref), 'utf8')) as { title: string };
        expect(schema.title).toBe(component.name);
        described.add(component.name);
      }
    }
    expect([...described].sort()).toEqual(integrationEventDefinitions().map((definition) => definition.type).sort());
  });
});
