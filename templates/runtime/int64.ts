/**
 * Exact 64-bit integers in JSON. `JSON.parse` rounds integers beyond 2^53; here the digits of such literals
 * are kept, and the fields the spec types as `int64`/`uint64` are delivered as `bigint` or as a decimal
 * `string` (as the package was generated), then sent back as the same JSON numbers. Only operations and
 * channels whose types hold such fields use this module.
 */
import { inexactInteger, type BodyEncoder } from './encode.js';

/**
 * Where a JSON value holds exact integers: `v` the value itself, with what delivers it from its digits
 * (`BigInt`, or `String` for a decimal string), `p` named properties (or tuple positions), `e` every element of
 * an array or value of a map, `of` named shapes that apply too (thunks, so that recursive schemas can refer to
 * themselves).
 */
export interface Int64Shape {
  readonly v?: (digits: string | number) => bigint | string;
  readonly p?: Readonly<Record<string, Int64Shape>>;
  readonly e?: Int64Shape;
  readonly of?: readonly (() => Int64Shape)[];
}

const MARK = '\u0000int64:';
/** The marker as JSON text writes it (a control character is escaped there). */
const MARK_JSON = '\\u0000int64:';
/** A JSON string (skipped whole), or an integer literal of 16 digits or more outside strings. */
const LONG_INTEGER = /"(?:[^"\\]|\\.)*"|(?<![\d.eE+-])-?\d{16,}(?![.eE\d])/g;

const SIXTEEN_DIGITS = /\d{16}/;

/**
 * The digits of an integer literal too long for a double, as the parse hands it over before shaping: a string
 * after the marker. Undefined for every other value.
 */
const digitsOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value.startsWith(MARK) ? value.slice(MARK.length) : undefined;

/**
 * `JSON.parse`, but integer literals beyond a double's precision are kept as their digits (marked strings, see
 * digitsOf); and whether any was.
 */
export function parseLossless(text: string): { value: unknown; long: boolean } {
  let long = false;
  // Most texts have no run of 16 digits at all: one native scan, then plain JSON.parse.
  const marked = SIXTEEN_DIGITS.test(text)
    ? text.replace(LONG_INTEGER, (token) =>
        token.charCodeAt(0) === 34 ? token : ((long = true), `"${MARK_JSON}${token}"`),
      )
    : text;
  return { value: JSON.parse(marked), long };
}

function deliver(value: unknown, as: NonNullable<Int64Shape['v']>): unknown {
  const digits = digitsOf(value);
  if (digits !== undefined) return as(digits);
  return typeof value === 'number' && Number.isInteger(value) ? as(value) : value;
}

/** Applies a shape to a freshly parsed value, in place: exact integers where the shape says. */
export function shapeValue(value: unknown, shape: Int64Shape): unknown {
  if (shape.v !== undefined) value = deliver(value, shape.v);
  if (typeof value !== 'object' || value === null) return value;
  const target = value as Record<string, unknown>;
  if (shape.p) for (const key in shape.p) if (key in target) target[key] = shapeValue(target[key], shape.p[key]!);
  if (shape.e) for (const key in target) target[key] = shapeValue(target[key], shape.e);
  if (shape.of) for (const next of shape.of) shapeValue(target, next());
  return value;
}

/** Long literals outside the shaped fields become the numbers `JSON.parse` would have given. */
function settle(value: unknown): unknown {
  const digits = digitsOf(value);
  if (digits !== undefined) return Number(digits);
  if (typeof value === 'object' && value !== null)
    for (const key in value) (value as Record<string, unknown>)[key] = settle((value as Record<string, unknown>)[key]);
  return value;
}

/** A reader for a descriptor: `JSON.parse` with the shape applied. */
export function exactJsonReader(shape: Int64Shape): (text: string) => unknown {
  return (text) => {
    const { value, long } = parseLossless(text);
    const shaped = shapeValue(value, shape);
    return long ? settle(shaped) : shaped;
  };
}

const INTEGER = /^-?\d+$/;

/** A copy of `value` where the shaped fields' integer strings are bigints (the caller's object is not changed). */
export function toWire(value: unknown, shape: Int64Shape): unknown {
  if (shape.v !== undefined && typeof value === 'string' && INTEGER.test(value)) return BigInt(value);
  // A number is as good as a bigint while it is exact; beyond 2^53 it has already lost digits.
  if (shape.v !== undefined && typeof value === 'number' && !Number.isSafeInteger(value)) throw inexactInteger(value);
  if (typeof value !== 'object' || value === null) return value;
  let out = value as Record<string, unknown>;
  const set = (key: string, next: unknown) => {
    if (next === out[key]) return;
    if (out === value) out = (Array.isArray(value) ? [...value] : { ...value }) as Record<string, unknown>;
    out[key] = next;
  };
  if (shape.p) for (const key in shape.p) if (key in out) set(key, toWire(out[key], shape.p[key]!));
  if (shape.e) for (const key in out) set(key, toWire(out[key], shape.e));
  if (shape.of) for (const next of shape.of) out = toWire(out, next()) as Record<string, unknown>;
  return out;
}

/** A bigint's marker as `JSON.stringify` writes it, quotes and all (a literal, so that bundlers can drop it). */
const QUOTED_MARK = /"\\u0000int64:(-?\d+)"/g;

/**
 * `JSON.stringify` that writes bigints as exact JSON numbers (`JSON.stringify` itself throws on a bigint):
 * for logging, caching or forwarding what the client delivered.
 */
export function stringifyExact(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${MARK}${v}` : v));
  return text.includes(MARK.slice(1)) ? text.replace(QUOTED_MARK, '$1') : text;
}

/** A writer for a descriptor: the shaped fields' integer strings and every bigint go out as exact numbers. */
export function exactJsonWriter(shape: Int64Shape): (value: unknown) => string {
  return (value) => stringifyExact(toWire(value, shape));
}

/** A JSON body encoder for a request body whose type holds exact integers. */
export function exactJsonEncoder(shape: Int64Shape): BodyEncoder {
  return (body, mediaType) => ({ body: stringifyExact(toWire(body, shape)), contentType: mediaType });
}
