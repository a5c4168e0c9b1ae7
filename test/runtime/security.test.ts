/**
 * Credentials and cookie parameters on the wire, through the runtime with hand-written descriptors (the
 * Golem spec has only a bearer scheme): API keys in a header, the query or a cookie, basic auth, and the
 * choice between alternative requirements.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJson } from '../../templates/runtime/decode.js';
import { serializeCookieParam, serializeFormParam, serializeHeaderParam } from '../../templates/runtime/encode.js';
import {
  basicAuth,
  bearerAuth,
  createClientCore,
  type OperationSpec,
  type SecuritySpec,
} from '../../templates/runtime/http.js';
import { startGolemServer, type GolemServer } from '../support/golem-server.js';

let server: GolemServer;
beforeAll(async () => {
  server = await startGolemServer();
  server.respond(() => ({ json: {} }));
});
afterAll(() => server.close());

const op = (security: SecuritySpec[][], params: OperationSpec['params'] = []): OperationSpec => ({
  id: 'probe',
  name: 'probe',
  method: 'GET',
  path: '/probe',
  params,
  decode: decodeJson,
  security,
});
/** An API key's scheme as descriptors write it: its place and name, and the plain serializer of that place. */
const apiKey = (place: SecuritySpec['in'], name: string): SecuritySpec => ({
  type: 'apiKey',
  in: place,
  name,
  serialize: { header: serializeHeaderParam, query: serializeFormParam, cookie: serializeCookieParam }[place],
});
const last = () => server.requests[server.requests.length - 1]!;

describe('security schemes', () => {
  it.each<[string, SecuritySpec, (r: ReturnType<typeof last>) => unknown, unknown]>([
    ['apiKey in a header', apiKey('header', 'X-Api-Key'), (r) => r.headers['x-api-key'], 'k-1'],
    ['apiKey in the query', apiKey('query', 'api_key'), (r) => r.query, [['api_key', 'k-1']]],
    ['apiKey in a cookie', apiKey('cookie', 'session'), (r) => r.headers.cookie, 'session=k-1'],
  ])('%s', async (_, scheme, read, want) => {
    await createClientCore({ baseUrl: server.url, apiKey: 'k-1', token: 'unused' }).request(op([[scheme]]), {});
    expect(read(last())).toStrictEqual(want);
    expect(last().headers.authorization).toBeUndefined();
  });

  it('basic auth sends the credential as given', async () => {
    await createClientCore({ baseUrl: server.url, token: 'dXNlcjpwYXNz' }).request(op([[basicAuth]]), {});
    expect(last().headers.authorization).toBe('Basic dXNlcjpwYXNz');
  });

  it('uses the first alternative whose credentials the client has', async () => {
    const alternatives: SecuritySpec[][] = [[apiKey('header', 'X-Api-Key')], [bearerAuth]];
    await createClientCore({ baseUrl: server.url, token: 'tok' }).request(op(alternatives), {});
    expect([last().headers['x-api-key'], last().headers.authorization]).toStrictEqual([undefined, 'Bearer tok']);
    await createClientCore({ baseUrl: server.url, token: 'tok', apiKey: 'key' }).request(op(alternatives), {});
    expect([last().headers['x-api-key'], last().headers.authorization]).toStrictEqual(['key', undefined]);
  });

  it('sends nothing when no alternative can be met', async () => {
    await createClientCore({ baseUrl: server.url }).request(op([[bearerAuth]]), {});
    expect(last().headers.authorization).toBeUndefined();
  });

  it('cookie parameters and API-key cookies share one Cookie header', async () => {
    const spec = op(
      [[apiKey('cookie', 'session')]],
      [{ name: 'theme', in: 'cookie', prop: 'theme', serialize: serializeCookieParam }],
    );
    await createClientCore({ baseUrl: server.url, apiKey: 's 1' }).request(spec, { theme: 'dark;x' });
    expect(last().headers.cookie).toBe('theme=dark%3Bx; session=s%201');
  });
});
