/**
 * The generated Golem client (generated/golem-client/dist) against a live local server: every operation's
 * method, path, query, headers and body on the wire, and the typed result it decodes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type Client } from '../generated/golem-client/dist/index.js';
import { startGolemServer, type GolemServer, type RecordedRequest, type Reply } from './support/golem-server.js';

const C = '7d1f5a0e-3c0b-4b43-9a38-1f0e6e2a9c11';
const ENV = '0b6c3b5e-8f4e-4d43-a1f2-7a9d5f1e2c33';
const PLUGIN = 'c3a1e6b2-5d4f-4e8a-9b7c-2f1d0e3a4b55';
/** Reaches the server as exactly this name: `/`, space, `?`, `#` and `%` stay inside one segment. */
const AGENT = 'a/b c?#%';
const TOKEN = 'secret-token';

const component = {
  componentId: C,
  componentName: 'shopping-cart',
  componentVersion: 3,
  componentSize: 1024,
  createdAt: '2024-05-01T10:00:00Z',
};
/** What the client delivers of it: its int64 fields are exact, as bigints. */
const componentRead = { ...component, componentVersion: 3n, componentSize: 1024n };
const definition = {
  id: 'shop',
  version: '0.1.0',
  draft: true,
  routes: [{ method: 'Get', path: '/cart/{id}', binding: { type: 'wit-worker' } }],
};
const deployment = {
  apiDefinitions: [{ id: 'shop', version: '0.1.0' }],
  site: { host: 'example.com', subdomain: 'api' },
  createdAt: '2024-05-01T10:00:00Z',
};
const plugin = {
  name: 'logger',
  version: '1.0.0',
  description: 'logs',
  scope: { type: 'Global' },
  specs: { type: 'OplogProcessor' },
};
const workerMeta = {
  workerId: { componentId: C, workerName: AGENT },
  status: 'Idle',
  componentVersion: 3,
  createdAt: '2024-05-01T10:00:00Z',
};
const workerMetaRead = { ...workerMeta, componentVersion: 3n };

interface Expectation {
  method: string;
  path: string[];
  query?: [string, string][];
  headers?: Record<string, string | undefined>;
  json?: unknown;
  parts?: unknown[];
}

interface Case {
  name: string;
  call: (client: Client) => Promise<unknown>;
  expect: Expectation;
  reply: Reply;
  result: unknown;
}

const w = ['v1', 'components', C, 'workers'];
const cases: Case[] = [
  {
    name: 'createComponent',
    call: (c) =>
      c.createComponent({
        environmentId: ENV,
        body: { name: 'shopping-cart', component: { data: new Uint8Array([0, 97, 115, 109]), filename: 'cart.wasm' } },
      }),
    expect: {
      method: 'POST',
      path: ['v1', 'envs', ENV, 'components'],
      parts: [
        { name: 'name', text: 'shopping-cart' },
        { name: 'component', filename: 'cart.wasm', contentType: 'application/octet-stream', bytes: [0, 97, 115, 109] },
      ],
    },
    reply: { json: component },
    result: componentRead,
  },
  {
    name: 'listEnvironmentComponents',
    call: (c) => c.listEnvironmentComponents({ environmentId: ENV }),
    expect: { method: 'GET', path: ['v1', 'envs', ENV, 'components'] },
    reply: { json: [component] },
    result: [componentRead],
  },
  {
    name: 'getComponentByName',
    call: (c) => c.getComponentByName({ environmentId: ENV, componentName: 'shopping cart/v2' }),
    expect: { method: 'GET', path: ['v1', 'envs', ENV, 'components', 'shopping cart/v2'] },
    reply: { json: component },
    result: componentRead,
  },
  {
    name: 'getComponent',
    call: (c) => c.getComponent({ componentId: C }),
    expect: { method: 'GET', path: ['v1', 'components', C] },
    reply: { json: component },
    result: componentRead,
  },
  {
    name: 'updateComponent',
    call: (c) =>
      c.updateComponent({
        componentId: C,
        body: { component: new Blob([new Uint8Array([1, 2, 3])], { type: 'application/wasm' }) },
      }),
    expect: {
      method: 'PATCH',
      path: ['v1', 'components', C],
      parts: [{ name: 'component', filename: 'component', contentType: 'application/wasm', bytes: [1, 2, 3] }],
    },
    reply: { json: { ...component, componentVersion: 4 } },
    result: { ...componentRead, componentVersion: 4n },
  },
  {
    name: 'deleteComponent',
    call: (c) => c.deleteComponent({ componentId: C }),
    expect: { method: 'DELETE', path: ['v1', 'components', C] },
    reply: { status: 200 },
    result: undefined,
  },
  {
    name: 'downloadComponentWasm',
    call: (c) => c.downloadComponentWasm({ componentId: C, revision: 7 }),
    expect: { method: 'GET', path: ['v1', 'components', C, 'revisions', '7', 'wasm'] },
    reply: {
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]),
    },
    result: new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]),
  },
  {
    name: 'launchNewWorker',
    call: (c) => c.launchNewWorker({ componentId: C, body: { name: AGENT, args: ['-v'], env: { MODE: 'prod' } } }),
    expect: {
      method: 'POST',
      path: w,
      json: { name: AGENT, args: ['-v'], env: { MODE: 'prod' } },
      headers: { 'content-type': 'application/json' },
    },
    reply: { json: { componentId: C, workerName: AGENT } },
    result: { componentId: C, workerName: AGENT },
  },
  {
    name: 'getWorkersMetadata',
    call: (c) => c.getWorkersMetadata({ componentId: C, cursor: 'abc', count: 50 }),
    expect: {
      method: 'GET',
      path: w,
      query: [
        ['cursor', 'abc'],
        ['count', '50'],
      ],
    },
    reply: { json: { workers: [workerMeta], cursor: 'def' } },
    result: { workers: [workerMetaRead], cursor: 'def' },
  },
  {
    name: 'getWorkerMetadata',
    call: (c) => c.getWorkerMetadata({ componentId: C, agentName: AGENT }),
    expect: { method: 'GET', path: [...w, AGENT] },
    reply: { json: workerMeta },
    result: workerMetaRead,
  },
  {
    name: 'deleteWorker',
    call: (c) => c.deleteWorker({ componentId: C, agentName: AGENT }),
    expect: { method: 'DELETE', path: [...w, AGENT] },
    reply: {},
    result: undefined,
  },
  {
    name: 'invokeFunction',
    call: (c) =>
      c.invokeFunction({
        componentId: C,
        agentName: AGENT,
        function: 'golem:it/api.{add-item}',
        idempotencyKey: 'key-1',
        body: { params: [{ typ: { type: 'str' }, value: 'x' }] },
      }),
    expect: {
      method: 'POST',
      path: [...w, AGENT, 'invoke'],
      query: [['function', 'golem:it/api.{add-item}']],
      headers: { 'idempotency-key': 'key-1', 'content-type': 'application/json' },
      json: { params: [{ typ: { type: 'str' }, value: 'x' }] },
    },
    reply: {},
    result: undefined,
  },
  {
    name: 'invokeAndAwaitFunction',
    call: (c) =>
      c.invokeAndAwaitFunction({
        componentId: C,
        agentName: AGENT,
        function: 'golem:it/api.{get-cart}',
        idempotencyKey: 'key-2',
        body: { params: [] },
      }),
    expect: {
      method: 'POST',
      path: [...w, AGENT, 'invoke-and-await'],
      query: [['function', 'golem:it/api.{get-cart}']],
      headers: { 'idempotency-key': 'key-2' },
      json: { params: [] },
    },
    reply: { json: { result: { typ: { type: 'list' }, value: ['a'] } } },
    result: { result: { typ: { type: 'list' }, value: ['a'] } },
  },
  {
    name: 'interruptWorker',
    call: (c) => c.interruptWorker({ componentId: C, agentName: AGENT, recoveryImmediately: true }),
    expect: { method: 'POST', path: [...w, AGENT, 'interrupt'], query: [['recovery-immediately', 'true']] },
    reply: {},
    result: undefined,
  },
  {
    name: 'resumeWorker',
    call: (c) => c.resumeWorker({ componentId: C, agentName: AGENT }),
    expect: { method: 'POST', path: [...w, AGENT, 'resume'], query: [] },
    reply: {},
    result: undefined,
  },
  {
    name: 'updateWorker',
    call: (c) => c.updateWorker({ componentId: C, agentName: AGENT, body: { mode: 'Automatic', targetVersion: 4n } }),
    expect: { method: 'POST', path: [...w, AGENT, 'update'], json: { mode: 'Automatic', targetVersion: 4 } },
    reply: {},
    result: undefined,
  },
  {
    name: 'getOplog',
    call: (c) => c.getOplog({ componentId: C, agentName: AGENT, from: 0n, count: 10 }),
    expect: {
      method: 'GET',
      path: [...w, AGENT, 'oplog'],
      query: [
        ['from', '0'],
        ['count', '10'],
      ],
    },
    // The overlay (specs/golem-cloud.overlay.yaml) declares the page the service returns.
    reply: { json: { entries: [{ type: 'Create', timestamp: '2024-05-01T10:00:00Z' }], next: 1 } },
    result: { entries: [{ type: 'Create', timestamp: '2024-05-01T10:00:00Z' }], next: 1n },
  },
  {
    // From the overlay: cancelling a pending invocation (Golem's invocation docs).
    name: 'cancelInvocation',
    call: (c) => c.cancelInvocation({ componentId: C, agentName: AGENT, idempotencyKey: 'key/1' }),
    expect: { method: 'DELETE', path: [...w, AGENT, 'invocations', 'key/1'] },
    reply: { json: { canceled: true } },
    result: { canceled: true },
  },
  {
    // From the overlay: completing a promise (Golem's Worker API docs: oplogIdx 101 and its bytes).
    name: 'completePromise',
    call: (c) =>
      c.completePromise({
        componentId: C,
        agentName: AGENT,
        body: { oplogIdx: 101n, data: [1, 22, 0, 5, 100] },
      }),
    expect: {
      method: 'POST',
      path: [...w, AGENT, 'complete'],
      json: { oplogIdx: 101, data: [1, 22, 0, 5, 100] },
    },
    reply: { json: true },
    result: true,
  },
  {
    name: 'listApiDefinitions',
    call: (c) => c.listApiDefinitions({ apiDefinitionId: 'shop' }),
    expect: { method: 'GET', path: ['v1', 'api', 'definitions'], query: [['api-definition-id', 'shop']] },
    reply: { json: [definition] },
    result: [definition],
  },
  {
    name: 'createApiDefinition',
    call: (c) => c.createApiDefinition({ body: definition }),
    expect: { method: 'POST', path: ['v1', 'api', 'definitions'], json: definition },
    reply: { json: definition },
    result: definition,
  },
  {
    name: 'getApiDefinition',
    call: (c) => c.getApiDefinition({ id: 'shop', version: '0.1.0' }),
    expect: { method: 'GET', path: ['v1', 'api', 'definitions', 'shop', '0.1.0'] },
    reply: { json: definition },
    result: definition,
  },
  {
    name: 'updateApiDefinition',
    call: (c) => c.updateApiDefinition({ id: 'shop', version: '0.1.0', body: { ...definition, draft: false } }),
    expect: {
      method: 'PUT',
      path: ['v1', 'api', 'definitions', 'shop', '0.1.0'],
      json: { ...definition, draft: false },
    },
    reply: { json: { ...definition, draft: false } },
    result: { ...definition, draft: false },
  },
  {
    name: 'deleteApiDefinition',
    call: (c) => c.deleteApiDefinition({ id: 'shop', version: '0.1.0' }),
    expect: { method: 'DELETE', path: ['v1', 'api', 'definitions', 'shop', '0.1.0'] },
    reply: {},
    result: undefined,
  },
  {
    name: 'listApiDeployments',
    call: (c) => c.listApiDeployments({}),
    expect: { method: 'GET', path: ['v1', 'api', 'deployments'], query: [] },
    reply: { json: [deployment] },
    result: [deployment],
  },
  {
    name: 'deployApiDefinition',
    call: (c) =>
      c.deployApiDefinition({
        body: { apiDefinitionId: 'shop', version: '0.1.0', site: { host: 'example.com', subdomain: 'api' } },
      }),
    expect: {
      method: 'POST',
      path: ['v1', 'api', 'deployments'],
      json: { apiDefinitionId: 'shop', version: '0.1.0', site: { host: 'example.com', subdomain: 'api' } },
    },
    reply: { json: deployment },
    result: deployment,
  },
  {
    name: 'getApiDeployment',
    call: (c) => c.getApiDeployment({ site: 'api.example.com' }),
    expect: { method: 'GET', path: ['v1', 'api', 'deployments', 'api.example.com'] },
    reply: { json: deployment },
    result: deployment,
  },
  {
    name: 'deleteApiDeployment',
    call: (c) => c.deleteApiDeployment({ site: 'api.example.com' }),
    expect: { method: 'DELETE', path: ['v1', 'api', 'deployments', 'api.example.com'] },
    reply: {},
    result: undefined,
  },
  {
    name: 'listPlugins',
    call: (c) => c.listPlugins({ accountId: 'acc-1' }),
    expect: { method: 'GET', path: ['v1', 'accounts', 'acc-1', 'plugins'] },
    reply: { json: [plugin] },
    result: [plugin],
  },
  {
    name: 'createPlugin',
    call: (c) => c.createPlugin({ accountId: 'acc-1', body: plugin }),
    expect: { method: 'POST', path: ['v1', 'accounts', 'acc-1', 'plugins'], json: plugin },
    reply: {},
    result: undefined,
  },
  {
    name: 'getPlugin',
    call: (c) => c.getPlugin({ pluginId: PLUGIN }),
    expect: { method: 'GET', path: ['v1', 'plugins', PLUGIN] },
    reply: { json: plugin },
    result: plugin,
  },
  {
    name: 'deletePlugin',
    call: (c) => c.deletePlugin({ pluginId: PLUGIN }),
    expect: { method: 'DELETE', path: ['v1', 'plugins', PLUGIN] },
    reply: {},
    result: undefined,
  },
  {
    name: 'activatePlugin',
    call: (c) => c.activatePlugin({ componentId: C, agentName: AGENT, pluginInstallationId: 'inst-1' }),
    expect: { method: 'POST', path: [...w, AGENT, 'activate-plugin'], query: [['plugin-installation-id', 'inst-1']] },
    reply: {},
    result: undefined,
  },
  {
    name: 'deactivatePlugin',
    call: (c) => c.deactivatePlugin({ componentId: C, agentName: AGENT, pluginInstallationId: 'inst-1' }),
    expect: { method: 'POST', path: [...w, AGENT, 'deactivate-plugin'], query: [['plugin-installation-id', 'inst-1']] },
    reply: {},
    result: undefined,
  },
];

let server: GolemServer;
let client: Client;

beforeAll(async () => {
  server = await startGolemServer();
  client = createClient({ baseUrl: server.url, token: TOKEN, retry: { baseDelayMs: 5 } });
});
afterAll(() => server.close());

function last(): RecordedRequest {
  return server.requests[server.requests.length - 1]!;
}

describe('every operation on the wire', () => {
  it('covers all 35 operations (34 over HTTP here, two of them from the overlay; connectWorker over WebSocket below)', () => {
    expect(cases).toHaveLength(34);
  });

  it.each(cases)('$name', async ({ call, expect: want, reply, result }) => {
    server.respond(() => reply);
    const before = server.requests.length;
    const got = await call(client);
    expect(server.requests.length).toBe(before + 1);
    const request = last();
    expect(request.method).toBe(want.method);
    expect(request.segments).toStrictEqual(want.path);
    if (want.query) expect(request.query).toStrictEqual(want.query);
    expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
    for (const [name, value] of Object.entries(want.headers ?? {})) expect(request.headers[name], name).toBe(value);
    if (want.json !== undefined) expect(request.json).toStrictEqual(want.json);
    else if (!want.parts) expect(request.body.length).toBe(0);
    if (want.parts) {
      expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
      expect(request.parts).toStrictEqual(want.parts);
    }
    expect(got).toStrictEqual(result);
  });

  it('connectWorker opens the worker event stream over a real WebSocket', async () => {
    server.onSocket((socket) =>
      socket.send(JSON.stringify({ type: 'StdOut', message: 'hello', timestamp: '2024-05-01T10:00:00Z' })),
    );
    const subscription = client.connectWorker({ componentId: C, agentName: AGENT });
    for await (const event of subscription) {
      expect(event).toStrictEqual({ type: 'StdOut', message: 'hello', timestamp: '2024-05-01T10:00:00Z' });
      break;
    }
    const upgrade = server.upgrades[server.upgrades.length - 1]!;
    expect(upgrade.url!.split('/').slice(1).map(decodeURIComponent)).toStrictEqual([...w, AGENT, 'connect']);
    expect(upgrade.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(subscription.state).toBe('closed');
  });
});
