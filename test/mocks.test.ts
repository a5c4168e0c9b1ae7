/**
 * An app's test of the Golem client without a server, as a user writes it: vitest and msw with the handlers of
 * `golem-client/mocks` (generated with `"mocks": true`). Lists workers, gets one through a typed resolver,
 * handles a mocked 404 with its declared error body, and reads three events from the mocked worker event stream
 * (then one the test pushes), with the client validating everything it receives.
 */
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient, isOperationError, type WorkerEvent } from '../generated/golem-client/dist/index.js';
import {
  fake,
  handlers,
  MockError,
  mockGetWorkerMetadata,
  mockStreamWorkerEvents,
  provideWebSocket,
} from '../generated/golem-client/dist/mocks.js';
import { validation, validators } from '../generated/golem-client/dist/validators.js';
import { generatePackage, repoRoot, tempDir } from './helpers.js';

// Node 20 has no platform WebSocket for MSW to intercept: the `ws` package's stands in (before listen).
await provideWebSocket();
const workerEvents = mockStreamWorkerEvents();
const server = setupServer(...handlers, workerEvents.handler);
const client = createClient({ baseUrl: 'https://golem.test', token: 't', validate: 'throw', validation });
const componentId = '7d1f5a0e-3c0b-4b43-9a38-1f0e6e2a9c11';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('the Golem client against the generated mocks', () => {
  it('lists workers: fake data the client validates, the same on every run', async () => {
    const page = await client.getWorkersMetadata({ componentId });
    expect(validators.WorkersMetadataResponse['~standard'].validate(page).issues).toBeUndefined();
    expect(page.workers?.length).toBeGreaterThan(0);
    expect(await client.getWorkersMetadata({ componentId })).toStrictEqual(page);
  });

  it('gets one worker from a typed resolver that reads the request', async () => {
    server.use(
      mockGetWorkerMetadata(({ params }) => ({
        ...fake.WorkerMetadata({ seed: 2 }),
        workerId: { componentId: params.component_id!, workerName: params.agent_name! },
        status: 'Running',
      })),
    );
    const worker = await client.getWorkerMetadata({ componentId, agentName: 'cart 1' });
    expect(worker.workerId).toStrictEqual({ componentId, workerName: 'cart 1' });
    expect(worker.status).toBe('Running');
    expect(typeof worker.componentVersion).toBe('bigint');
  });

  it('handles a mocked 404 with its declared error body', async () => {
    server.use(mockGetWorkerMetadata(() => new MockError(404, { error: 'no such worker' })));
    const error = await client.getWorkerMetadata({ componentId, agentName: 'gone' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isOperationError(error, 'getWorkerMetadata')).toBe(true);
    if (isOperationError(error, 'getWorkerMetadata') && error.status === 404 && typeof error.body === 'object')
      expect(error.body.error).toBe('no such worker');
    else throw new Error('expected the declared 404');
  });

  it('reads three events from the mocked worker event stream, then one the test pushes', async () => {
    const stream = client.streamWorkerEvents({ componentId, agentName: 'cart' }, { reconnect: false });
    const received: WorkerEvent[] = [];
    for await (const event of stream) {
      if ('message' in event || 'type' in event) received.push(event as WorkerEvent);
      if (received.length === 3) workerEvents.send({ type: 'Log', message: 'pushed by the test' });
      if (received.length === 4) break;
    }
    for (const event of received) expect(validators.WorkerEvent['~standard'].validate(event).issues).toBeUndefined();
    expect(received[3]).toStrictEqual({ type: 'Log', message: 'pushed by the test' });
    expect(stream.stats.malformed).toBe(0);
  });
});

describe('a mocked channel with request/reply operations', () => {
  it('answers each request with its typed reply, the correlation id copied from the request', async () => {
    // The market fixture: two request/reply operations told apart by `event`, correlated by `reqid`.
    const root = tempDir();
    for (const name of ['msw', 'ws']) {
      mkdirSync(path.join(root, 'node_modules'), { recursive: true });
      symlinkSync(path.join(repoRoot, 'node_modules', name), path.join(root, 'node_modules', name), 'dir');
    }
    const out = path.join(root, 'market');
    await generatePackage(path.join(repoRoot, 'test/fixtures/features/market-asyncapi-3.yaml'), out, {
      flags: { mocks: true as unknown as string },
    });
    const m = await import(pathToFileURL(path.join(out, 'dist/index.js')).href);
    const mocks = await import(pathToFileURL(path.join(out, 'dist/mocks.js')).href);
    const market = mocks.mockConnectCurrencyExchange([]);
    server.use(market.handler);
    const connection = m.createClient({}).connectCurrencyExchange({}, { reconnect: false });
    const subscribed = await connection.request('receiveSubscribeRequest', { event: 'subscribe', pair: ['EUR/USD'] });
    const pong = await connection.request('receivePing', { event: 'ping' });
    connection.close();
    expect(subscribed.event).toBe('subscriptionStatus');
    expect(['subscribed', 'error']).toContain(subscribed.status);
    expect(pong.event).toBe('pong');
    // The client numbers its requests: each reply carries the id of the request it answers.
    expect([typeof subscribed.reqid, pong.reqid]).toStrictEqual(['number', subscribed.reqid + 1]);
  });
});

describe('mocked operations that answer text, bytes or an event stream', () => {
  /** A package of `fixture` generated with its mocks, and msw beside it. */
  async function withMocks(fixture: string, name: string) {
    const root = tempDir();
    mkdirSync(path.join(root, 'node_modules'), { recursive: true });
    for (const dependency of ['msw', 'ws'])
      symlinkSync(path.join(repoRoot, 'node_modules', dependency), path.join(root, 'node_modules', dependency), 'dir');
    const out = path.join(root, name);
    await generatePackage(path.join(repoRoot, 'test/fixtures/features', fixture), out, {
      flags: { mocks: true as unknown as string },
    });
    return {
      client: await import(pathToFileURL(path.join(out, 'dist/index.js')).href),
      mocks: await import(pathToFileURL(path.join(out, 'dist/mocks.js')).href),
      validators: await import(pathToFileURL(path.join(out, 'dist/validators.js')).href),
    };
  }

  it('streams fake events (JSON data with an int64 field, and text data), then the events a test gives', async () => {
    const { client, mocks, validators } = await withMocks('event-stream.yaml', 'streams');
    server.use(...mocks.handlers);
    const { validation } = validators;
    const api = client.createClient({ baseUrl: 'https://streams.test', token: 't', validate: 'throw', validation });
    /** The data of an event stream's first `count` events (a mocked stream stays open, as a live one does). */
    const take = async (stream: AsyncIterable<{ data: unknown }>, count: number) => {
      const data: unknown[] = [];
      for await (const event of stream) if (data.push(event.data) === count) break;
      return data;
    };
    const logs = await take(api.streamLogs({ worker: 'w1' }, { reconnect: false }), 3);
    expect(logs).toHaveLength(3);
    for (const line of logs) expect(line).toMatchObject({ seq: expect.any(BigInt), text: expect.any(String) });
    // Fake data is the same on every run.
    expect(await take(api.streamLogs({ worker: 'w1' }, { reconnect: false }), 3)).toStrictEqual(logs);

    server.use(mocks.mockTicks(['one', 'two\nlines']));
    expect(await take(api.ticks({ reconnect: false }), 2)).toStrictEqual(['one', 'two\nlines']);

    server.use(mocks.mockStreamLogs(() => new mocks.MockError(404, undefined)));
    const failed = await (async () => {
      for await (const _ of api.streamLogs({ worker: 'gone' }, { reconnect: false })) return undefined;
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((failed as { status?: number } | undefined)?.status).toBe(404);
  });

  it('answers text and bytes with the declared content, fake or given', async () => {
    const { client, mocks } = await withMocks('media-types.yaml', 'media');
    server.use(...mocks.handlers);
    const api = client.createClient({ baseUrl: 'https://media.test' });
    const text = await api.putText({ body: 'hello' });
    expect(typeof text).toBe('string');
    expect(await api.putText({ body: 'hello' })).toBe(text);
    const bytes = await api.putBlob({ body: new Uint8Array([1, 2]) });
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(bytes.length).toBe(16);
    server.use(
      mocks.mockPutText(({ body }: { body: unknown }) => `echo: ${String(body)}`),
      mocks.mockPutBlob(new Uint8Array([7, 8, 9])),
    );
    expect(await api.putText({ body: 'hello' })).toBe('echo: hello');
    expect([...(await api.putBlob({ body: new Uint8Array([1]) }))]).toStrictEqual([7, 8, 9]);
  });
});
