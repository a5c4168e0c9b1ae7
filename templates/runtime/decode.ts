/**
 * Reading a 2xx response's body as the operation delivers it. Each descriptor names its decoder (the
 * counterpart of its body encoder), so a bundle keeps only the ways of reading that its operations use.
 */
import type { OperationSpec, RequestOptions } from './http.js';

/** Reads a successful response's body into the operation's result. */
export type ResponseDecoder = (response: Response, op: OperationSpec, options: RequestOptions) => Promise<unknown>;

/** JSON (with the descriptor's exact reader, where its type holds 64-bit integers); an empty body is undefined. */
export const decodeJson: ResponseDecoder = async (response, op) => {
  const text = await response.text();
  return text === '' ? undefined : (op.readJson ?? JSON.parse)(text);
};

/** The body as text. */
export const decodeText: ResponseDecoder = (response) => response.text();

/** The bytes, or with `binaryAs: 'stream'` the body's ReadableStream as it arrives. */
export const decodeBinary: ResponseDecoder = async (response, _op, options) =>
  options.binaryAs === 'stream' ? response.body : new Uint8Array(await response.arrayBuffer());

/** An event stream: its body, which its session (sse.ts) reads event by event as it arrives. */
export const decodeEventStream: ResponseDecoder = async (response) => response.body;

/** No result: whatever body there is, is let go (a 204 or 205 of any operation too). */
export const decodeNone: ResponseDecoder = async (response) => {
  await response.body?.cancel().catch(() => undefined);
  return undefined;
};
