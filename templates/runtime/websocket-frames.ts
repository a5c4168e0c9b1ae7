/**
 * Frames to events: decodes a text or binary frame as JSON, and tells which kind of event it is by the
 * channel's discriminator (a tag property, or the single key of an externally tagged union).
 */

/** Events whose kind the spec does not list arrive with this `type`, carrying the raw data. */
export const UNKNOWN_EVENT = '$unknown';
export interface UnknownEvent {
  readonly type: typeof UNKNOWN_EVENT;
  /** The tag value (or, for a key-tagged union, the single key) the server sent. */
  readonly originalType: unknown;
  readonly data: unknown;
}

/**
 * How events are told apart: by the value of a property (`{"type": "StdOut", ...}`), or by the one key of
 * an externally tagged object (`{"StdOut": {...}}`, as serde writes enums). `values` are the kinds the
 * spec lists.
 */
export type EventDiscriminator =
  | { readonly property: string; readonly values: readonly string[] }
  | { readonly key: true; readonly values: readonly string[] };

export type DecodedFrame =
  { readonly ok: true; readonly value: object } | { readonly ok: false; readonly reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

function frameText(data: unknown): string | undefined {
  if (typeof data === 'string') return data;
  try {
    if (data instanceof ArrayBuffer) return utf8.decode(data);
    if (ArrayBuffer.isView(data)) return utf8.decode(data);
    // `ws` hands over fragmented binary messages as a list of buffers when it cannot join them.
    if (Array.isArray(data) && data.every((part) => ArrayBuffer.isView(part))) {
      const parts = data as ArrayBufferView[];
      const joined = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
      let offset = 0;
      for (const p of parts) {
        joined.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), offset);
        offset += p.byteLength;
      }
      return utf8.decode(joined);
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** Text and binary frames alike carry one JSON object; anything else is malformed, with the reason. */
export function decodeFrame(data: unknown, readJson: (text: string) => unknown = JSON.parse): DecodedFrame {
  const text = frameText(data);
  if (text === undefined) {
    const binary = data instanceof ArrayBuffer || ArrayBuffer.isView(data) || Array.isArray(data);
    return { ok: false, reason: binary ? 'binary frame that is not UTF-8 text' : 'frame of an unknown kind' };
  }
  let parsed: unknown;
  try {
    parsed = readJson(text);
  } catch {
    return { ok: false, reason: 'invalid JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return { ok: false, reason: 'payload is not a JSON object' };
  return { ok: true, value: parsed };
}

/** The raw tag of a decoded frame: the property's value, or the key of a one-key object. */
export function rawKind(value: object, discriminator: EventDiscriminator): unknown {
  if ('property' in discriminator) return (value as Record<string, unknown>)[discriminator.property];
  const keys = Object.keys(value);
  return keys.length === 1 ? keys[0] : undefined;
}

/** The kind of an event the spec lists, or undefined. */
export function eventKind(value: object, discriminator: EventDiscriminator | undefined): string | undefined {
  if (!discriminator) return undefined;
  const kind = rawKind(value, discriminator);
  return typeof kind === 'string' && discriminator.values.includes(kind) ? kind : undefined;
}

/** A decoded frame as the caller sees it: the event itself, or an unknown event when its kind is not listed. */
export function toEvent<TEvent>(value: object, discriminator: EventDiscriminator | undefined): TEvent | UnknownEvent {
  if (discriminator && eventKind(value, discriminator) === undefined)
    return { type: UNKNOWN_EVENT, originalType: rawKind(value, discriminator), data: value };
  return value as TEvent;
}
