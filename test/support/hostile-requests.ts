/**
 * Hostile requests generated from the OpenAPI document, so that every endpoint, present or future,
 * gets the same kinds of bad input: each field missing, null, of the wrong type, wrapped in an array,
 * out of range, an impossible date, text that is not text, nesting that never ends; bodies that are
 * not JSON or not UTF-8; path and query values that no id or filter can be. Every one of them must
 * be refused with a 4xx and a stable code.
 */

export interface OpenApiSchema {
  $ref?: string;
  allOf?: OpenApiSchema[];
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  items?: OpenApiSchema;
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  nullable?: boolean;
}

interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: OpenApiSchema;
}

interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { content?: Record<string, { schema?: OpenApiSchema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, OpenApiSchema> };
}

/** One request to send: the raw body is exactly what goes on the wire. */
export interface HostileRequest {
  /** What is wrong with it, for the failure message. */
  name: string;
  method: 'GET' | 'POST';
  url: string;
  contentType?: string;
  body?: Buffer;
}

export interface Endpoint {
  method: 'GET' | 'POST';
  path: string;
  operation: OpenApiOperation;
}

const DATE_EXAMPLE = /^\d{4}-\d{2}-\d{2}$/;
const GHOST_ID = 'ghost-0001';
/** Stands for an array nested 5,000 deep (10 KB, far under the body limit), spliced in as text: building it would exhaust the stack here too. */
const DEEP = '\u2063deep\u2063';
const DEEP_TEXT = '['.repeat(5000) + ']'.repeat(5000);
const toJson = (body: unknown): Buffer => Buffer.from(JSON.stringify(body).replaceAll(JSON.stringify(DEEP), DEEP_TEXT));

export const endpointsOf = (document: OpenApiDocument): Endpoint[] =>
  Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations)
      .filter(([method]) => method === 'get' || method === 'post')
      .map(([method, operation]) => ({ method: method.toUpperCase() as 'GET' | 'POST', path, operation })),
  );

export class HostileRequestGenerator {
  constructor(private readonly document: OpenApiDocument) {}

  /** Every hostile request for one endpoint. */
  requestsFor(endpoint: Endpoint): HostileRequest[] {
    const url = this.urlOf(endpoint.path, {});
    const requests = [...this.pathRequests(endpoint)];
    if (endpoint.method === 'GET') return [...requests, ...this.queryRequests(endpoint, url)];
    const upload = this.uploadTypeOf(endpoint.operation);
    if (upload) return [...requests, ...this.uploadRequests(url, upload)];
    const schema = this.bodySchemaOf(endpoint.operation);
    if (!schema) return requests;
    const valid = this.sample(schema) as Record<string, unknown>;
    const json = (name: string, body: unknown): HostileRequest => ({
      name, method: 'POST', url, contentType: 'application/json', body: toJson(body),
    });
    return [
      ...requests,
      ...this.fieldMutations(schema, []).map(({ name, mutate }) => json(name, mutate(structuredClone(valid)))),
      json('an unknown field', { ...valid, zzUnknownField: 1 }),
      json('an array for the body', [valid]),
      json('a string for the body', 'x'),
      json('a number for the body', 1),
      json('null for the body', null),
      { name: '5,000-deep nesting as the body', method: 'POST', url, contentType: 'application/json', body: Buffer.from('{"a":'.repeat(5000) + '1' + '}'.repeat(5000)) },
      { name: 'malformed JSON', method: 'POST', url, contentType: 'application/json', body: Buffer.from('{"a":') },
      { name: 'an empty JSON body', method: 'POST', url, contentType: 'application/json', body: Buffer.alloc(0) },
      { name: 'a __proto__ key', method: 'POST', url, contentType: 'application/json', body: Buffer.from(`{"__proto__":{"polluted":1},${JSON.stringify(valid).slice(1)}`) },
      { name: 'bytes that are not UTF-8', method: 'POST', url, contentType: 'application/json', body: Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xed, 0xa0, 0x80, 0xff]), Buffer.from('"}')]) },
      { name: 'the body as a form', method: 'POST', url, contentType: 'application/x-www-form-urlencoded', body: Buffer.from(new URLSearchParams(flatStrings(valid)).toString()) },
      { name: 'the body as plain text', method: 'POST', url, contentType: 'text/plain', body: Buffer.from(JSON.stringify(valid)) },
      { name: 'the body as multipart', method: 'POST', url, contentType: 'multipart/form-data; boundary=b', body: Buffer.from('--b\r\nContent-Disposition: form-data; name="reason"\r\n\r\nx\r\n--b--\r\n') },
      { name: 'JSON in latin1', method: 'POST', url, contentType: 'application/json; charset=latin1', body: Buffer.from(JSON.stringify(valid), 'latin1') },
    ];
  }

  /**
   * A value the schema's shape accepts; rules beyond the shape (a real id, a balance) are not its concern.
   * `requiredOnly` leaves optional properties out (the smallest valid body).
   */
  sample(schema: OpenApiSchema, options: { requiredOnly?: boolean } = {}): unknown {
    const resolved = this.resolve(schema);
    if (resolved.enum) return resolved.enum[0];
    switch (resolved.type) {
      case 'string':
        return typeof resolved.example === 'string' ? resolved.example : resolved.format === 'date' ? '2027-01-01' : resolved.format === 'date-time' ? '2027-01-01T00:00:00+08:00' : 'x1';
      case 'number':
      case 'integer':
        return typeof resolved.example === 'number' ? resolved.example : Math.max(resolved.minimum ?? 1, 1);
      case 'boolean':
        return false;
      case 'array':
        return resolved.items ? [this.sample(resolved.items, options)] : [];
      default: {
        const required = new Set(resolved.required ?? []);
        const kept = Object.entries(resolved.properties ?? {}).filter(([key]) => !options.requiredOnly || required.has(key));
        return Object.fromEntries(kept.map(([key, property]) => [key, this.sample(property, options)]));
      }
    }
  }

  private resolve(schema: OpenApiSchema): OpenApiSchema {
    if (schema.$ref) return this.resolve(this.document.components.schemas[schema.$ref.split('/').pop()!]!);
    if (schema.allOf?.length === 1) return { ...schema, ...this.resolve(schema.allOf[0]!), allOf: undefined };
    return schema;
  }

  /** The media type of a file upload (a binary body, e.g. a workbook to import), if the operation takes one. */
  private uploadTypeOf(operation: OpenApiOperation): string | undefined {
    return Object.entries(operation.requestBody?.content ?? {}).find(([type, { schema }]) => type !== 'application/json' && schema?.format === 'binary')?.[0];
  }

  /** A file upload's hostile bodies: what is not the file, and the file's bytes under other media types. */
  private uploadRequests(url: string, type: string): HostileRequest[] {
    const post = (name: string, contentType: string, body: Buffer): HostileRequest => ({ name, method: 'POST', url, contentType, body });
    return [
      post('bytes that are not the file', type, Buffer.from('PK\u0003\u0004 not a zip at all')),
      post('random bytes', type, Buffer.from(Array.from({ length: 512 }, (_, index) => (index * 37) % 256))),
      post('an empty file', type, Buffer.alloc(0)),
      post('JSON instead of the file', 'application/json', Buffer.from('{"rows":[]}')),
      post('the file as multipart', 'multipart/form-data; boundary=b', Buffer.from('--b\r\nContent-Disposition: form-data; name="file"\r\n\r\nx\r\n--b--\r\n')),
      post('the file as plain text', 'text/plain', Buffer.from('社区编号,标题')),
    ];
  }

  private bodySchemaOf(operation: OpenApiOperation): OpenApiSchema | undefined {
    const schema = operation.requestBody?.content?.['application/json']?.schema;
    return schema ? this.resolve(schema) : undefined;
  }

  /** For each field, down through nested objects and the first element of lists, every value it must refuse. */
  private fieldMutations(schema: OpenApiSchema, at: (string | number)[]): { name: string; mutate: (body: unknown) => unknown }[] {
    const object = this.resolve(schema);
    return Object.entries(object.properties ?? {}).flatMap(([key, property]) => {
      const path = [...at, key];
      const field = this.resolve(property);
      const label = path.join('.');
      const set = (value: unknown) => (body: unknown) => setAt(body, path, value);
      const mutations: { name: string; mutate: (body: unknown) => unknown }[] = [
        { name: `${label}: null`, mutate: set(null) },
        { name: `${label}: 5,000-deep nesting`, mutate: set(DEEP) },
        { name: `${label}: an object of junk`, mutate: set({ zz: 1 }) },
      ];
      if (object.required?.includes(key)) mutations.push({ name: `${label}: missing`, mutate: (body) => deleteAt(body, path) });
      if (field.type !== 'array') mutations.push({ name: `${label}: wrapped in an array`, mutate: set([this.sample(field)]) });
      if (field.enum) mutations.push({ name: `${label}: outside the enumeration`, mutate: set('zz-not-a-value') });
      switch (field.type) {
        case 'string':
          mutations.push(
            { name: `${label}: a number`, mutate: set(12345) },
            { name: `${label}: a lone surrogate`, mutate: set('ab\ud800cd') },
            { name: `${label}: NUL`, mutate: set('a\u0000b') },
            { name: `${label}: a control character`, mutate: set('a\u001bb') },
          );
          if (field.maxLength !== undefined) mutations.push({ name: `${label}: longer than ${field.maxLength}`, mutate: set('长'.repeat(field.maxLength + 1)) });
          if (field.format === 'date' || (typeof field.example === 'string' && DATE_EXAMPLE.test(field.example))) {
            mutations.push(
              { name: `${label}: 2026-02-30`, mutate: set('2026-02-30') },
              { name: `${label}: 2026-13-01`, mutate: set('2026-13-01') },
              { name: `${label}: 2026-2-3`, mutate: set('2026-2-3') },
            );
          }
          break;
        case 'number':
        case 'integer':
          mutations.push(
            { name: `${label}: a numeric string`, mutate: set('1') },
            { name: `${label}: 1e-7`, mutate: set(1e-7) },
            { name: `${label}: -1e21`, mutate: set(-1e21) },
            { name: `${label}: 1e21`, mutate: set(1e21) },
            { name: `${label}: a boolean`, mutate: set(true) },
          );
          if (field.maximum !== undefined) mutations.push({ name: `${label}: above its maximum`, mutate: set(field.maximum + 1) });
          if (field.minimum !== undefined) mutations.push({ name: `${label}: below its minimum`, mutate: set(field.minimum - 1) });
          break;
        case 'boolean':
          mutations.push({ name: `${label}: the string "true"`, mutate: set('true') }, { name: `${label}: 1`, mutate: set(1) });
          break;
        case 'array':
          mutations.push({ name: `${label}: an object`, mutate: set({ 0: this.sample(field.items ?? {}) }) }, { name: `${label}: a string`, mutate: set('x') });
          if (field.items) {
            const item = this.resolve(field.items);
            if (item.properties) mutations.push(...this.fieldMutations(item, [...path, 0]));
            else mutations.push({ name: `${label}[0]: null`, mutate: set([null]) }, { name: `${label}[0]: a lone surrogate`, mutate: set(['\udc00']) });
          }
          break;
        default:
          if (field.properties) mutations.push({ name: `${label}: a string`, mutate: set('x') }, ...this.fieldMutations(field, path));
      }
      return mutations;
    });
  }

  /** Path parameters no id can be: each sent on the endpoint with the others well formed. */
  private pathRequests(endpoint: Endpoint): HostileRequest[] {
    const pathParameters = (endpoint.operation.parameters ?? []).filter((parameter) => parameter.in === 'path');
    const contentType = endpoint.method === 'POST' ? 'application/json' : undefined;
    const body = endpoint.method === 'POST' ? Buffer.from('{}') : undefined;
    return pathParameters.flatMap(({ name }) =>
      ['a%00b', '%ED%A0%80', 'x'.repeat(65), 'a%20b', '..', '%E9%95%BF'].map((value) => ({
        name: `path ${name}: ${value.slice(0, 20)}`,
        method: endpoint.method,
        url: this.urlOf(endpoint.path, { [name]: value }),
        contentType,
        body,
      })),
    );
  }

  /** Query values no filter can take, one parameter at a time. */
  private queryRequests(endpoint: Endpoint, url: string): HostileRequest[] {
    const queryParameters = (endpoint.operation.parameters ?? []).filter((parameter) => parameter.in === 'query');
    return queryParameters.flatMap(({ name, schema = {} }) => {
      const field = this.resolve(schema);
      const values = ['%00', 'a%00b', '%ED%A0%80', `${'x'.repeat(300)}`, 'a%1Bb'];
      if (field.type === 'number' || field.type === 'integer') values.push('abc', '-1', '1e-7', '1e400', '0x10', '', '%207', '1e21');
      if (field.type === 'boolean') values.push('maybe', '1');
      if (field.enum) values.push('zz-not-a-value');
      if (name === 'cursor') values.push('not-a-cursor', 'eyJ4IjoxfQ');
      if (field.format === 'date' || /week|date|on$/i.test(name)) values.push('2026-02-30', '2026-13-01');
      const single = values.map((value) => ({ name: `query ${name}=${value.slice(0, 20)}`, method: 'GET' as const, url: `${url}?${name}=${value}` }));
      return [...single, { name: `query ${name} repeated`, method: 'GET' as const, url: `${url}?${name}=a&${name}=b` }];
    });
  }

  private urlOf(path: string, values: Record<string, string>): string {
    return path.replace(/\{(\w+)\}/g, (_match, name: string) => values[name] ?? GHOST_ID);
  }
}

const setAt = (root: unknown, path: (string | number)[], value: unknown): unknown => {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path.at(-1)!] = value;
  return root;
};

const deleteAt = (root: unknown, path: (string | number)[]): unknown => {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  delete node[path.at(-1)!];
  return root;
};

const flatStrings = (value: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(value).map(([key, field]) => [key, typeof field === 'string' ? field : JSON.stringify(field)]));
