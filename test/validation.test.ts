/**
 * Validation through the generated Golem package, as an app uses it: the Standard Schema validators of
 * `golem-client/validators`, and a client made with `validate` and `validation` against the local stand-in
 * (responses, error bodies, request bodies, WebSocket events; per-call overrides; the warning said once).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import {
  ApiError,
  createClient,
  ValidationError,
  type StandardSchemaV1,
  type WorkerMetadata,
} from '../generated/golem-client/dist/index.js';
import { responses, validation, validators } from '../generated/golem-client/dist/validators.js';
import { startGolemServer, type GolemServer } from './support/golem-server.js';

const C = '7d1f5a0e-3c0b-4b43-9a38-1f0e6e2a9c11';
const worker = { workerId: { componentId: C, workerName: 'w' }, status: 'Running', componentVersion: 3 };
let server: GolemServer;

beforeAll(async () => {
  server = await startGolemServer();
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
  vi.restoreAllMocks();
});

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('the Standard Schema validators', () => {
  it('validate a value as the client delivers it, and say what is wrong where', () => {
    // Typed as what any Standard Schema consumer accepts.
    const schema: StandardSchemaV1<WorkerMetadata> = validators.WorkerMetadata;
    expect(schema['~standard'].version).toBe(1);
    const good = { ...worker, componentVersion: 3n, createdAt: '2026-12-06T10:00:00Z' };
    expect(schema['~standard'].validate(good)).toStrictEqual({ value: good });
    const bad = schema['~standard'].validate({
      workerId: { componentId: 'not-a-uuid' },
      status: 'Sleeping',
      componentVersion: 3,
      createdAt: '2026-13-01T00:00:00Z',
    });
    expect(bad.issues).toStrictEqual([
      { message: 'expected a UUID', path: ['workerId', 'componentId'] },
      {
        message: 'expected one of "Running", "Idle", "Suspended", "Interrupted", "Retrying", "Failed", "Exited"',
        path: ['status'],
      },
      // int64 as the client delivers it: a bigint.
      { message: 'expected a bigint', path: ['componentVersion'] },
      { message: 'expected an RFC 3339 date-time', path: ['createdAt'] },
    ]);
  });

  it('check the read and the sent shape each by their own rules', () => {
    // The sent shape takes a safe-integer number where the read shape takes a bigint.
    const sent = validators.CompletePromiseRequestInput['~standard'];
    const read = validators.CompletePromiseRequest['~standard'];
    const value = { oplogIdx: 5, data: [1, 2] };
    expect(sent.validate(value).issues).toBeUndefined();
    expect(read.validate(value).issues).toStrictEqual([{ message: 'expected a bigint', path: ['oplogIdx'] }]);
    expect(responses.getWorkerMetadata['~standard'].validate({ ...worker, componentVersion: 1n })).toHaveProperty(
      'value',
    );
  });
});

describe('a client with validate', () => {
  it("'throw': a response body that is not what the spec says fails with a ValidationError", async () => {
    server.respond(() => ({ json: { ...worker, status: 7 } }));
    const client = createClient({ baseUrl: server.url, token: 't', validate: 'throw', validation });
    const error = await caught(client.getWorkerMetadata({ componentId: C, agentName: 'w' }));
    expect(error).toBeInstanceOf(ValidationError);
    const failure = error as ValidationError;
    expect([failure.operation, failure.status, failure.issues.map((i) => i.path)]).toStrictEqual([
      'getWorkerMetadata',
      200,
      [['status']],
    ]);
    expect(failure.message).toMatch(/^getWorkerMetadata 200: invalid value: status: expected one of/);
    // The same call with validation off for it: the data as the server sent it.
    const data = await client.getWorkerMetadata({ componentId: C, agentName: 'w' }, { validate: 'off' });
    expect(data.status).toBe(7);
  });

  it("'throw': a declared error body that does not match is a ValidationError caused by the ApiError", async () => {
    server.respond(() => ({ status: 404, json: { error: ['not', 'a', 'string'] } }));
    const client = createClient({ baseUrl: server.url, token: 't', validate: 'throw', validation });
    const error = (await caught(client.getWorkerMetadata({ componentId: C, agentName: 'w' }))) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.status).toBe(404);
    expect(error.issues).toStrictEqual([{ message: 'expected a string', path: ['error'] }]);
    expect(error.cause).toBeInstanceOf(ApiError);
    // A body that matches stays the ApiError it is.
    server.respond(() => ({ status: 404, json: { error: 'no such worker' } }));
    expect(await caught(client.getWorkerMetadata({ componentId: C, agentName: 'w' }))).toBeInstanceOf(ApiError);
  });

  it("'throw': a request body that is not what the spec says is refused before it is sent", async () => {
    const client = createClient({ baseUrl: server.url, token: 't', validate: 'throw', validation });
    const body = { args: ['a', 1] } as unknown as { name: string };
    const error = (await caught(client.launchNewWorker({ componentId: C, body }))) as ValidationError;
    expect(error.issues).toStrictEqual([
      { message: 'required property is missing', path: ['name'] },
      { message: 'expected a string', path: ['args', 1] },
    ]);
    expect(server.requests).toHaveLength(0);
  });

  it("'warn': delivers the data and logs each distinct issue once", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    server.respond(() => ({ json: { ...worker, status: 'Sleeping' } }));
    const client = createClient({ baseUrl: server.url, token: 't', validate: 'warn', validation });
    for (let i = 0; i < 3; i++) {
      const data = await client.getWorkerMetadata({ componentId: C, agentName: 'w' });
      expect(data.status).toBe('Sleeping');
    }
    expect(warn.mock.calls.map(([line]) => String(line))).toStrictEqual([
      'validation: getWorkerMetadata 200: status: expected one of "Running", "Idle", "Suspended", "Interrupted", "Retrying", "Failed", "Exited"',
    ]);
  });

  it('asks for the checks when validate is on without them', async () => {
    const client = createClient({ baseUrl: server.url, token: 't' });
    const error = await caught(client.getWorkerMetadata({ componentId: C, agentName: 'w' }, { validate: 'throw' }));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/needs \{ validation \} from the validators entry/);
  });

  it("'throw' on a WebSocket: an invalid event goes to the error channel, and the stream goes on", async () => {
    server.onSocket((socket: WebSocket) => {
      socket.send(JSON.stringify({ type: 'StdOut', message: 'one' }));
      socket.send(JSON.stringify({ type: 'StdOut', message: 42 }));
      socket.send(JSON.stringify({ type: 'Log', message: 'three', level: 'info' }));
    });
    const client = createClient({ baseUrl: server.url, token: 't', validate: 'throw', validation });
    const subscription = client.streamWorkerEvents({ componentId: C, agentName: 'w' }, { reconnect: false });
    const errors: Error[] = [];
    subscription.onError((error) => errors.push(error));
    const messages: unknown[] = [];
    for await (const event of subscription) {
      messages.push('message' in event ? event.message : event);
      if (messages.length === 2) break;
    }
    expect(messages).toStrictEqual(['one', 'three']);
    expect(errors.map((e) => [e.name, (e as ValidationError).channel, (e as ValidationError).issues])).toStrictEqual([
      ['ValidationError', 'streamWorkerEvents', [{ message: 'expected a string', path: ['message'] }]],
    ]);
    expect(subscription.stats.malformed).toBe(1);
  });
});
