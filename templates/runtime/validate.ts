/**
 * The generated validators' runtime: the Standard Schema v1 interface they implement (declared here, so the
 * package needs no dependency), how issues are recorded, and the `validation` a client is given to check
 * what it receives and sends (`createClient({ validate, validation })`).
 */
import { ValidationError } from './errors.js';

/** One problem with a value: what is wrong, and where (property names and array indexes from the root). */
export interface ValidationIssue {
  readonly message: string;
  readonly path: readonly PropertyKey[];
}

/** The result of a Standard Schema validation: the value, or the issues. */
export type StandardResult<T> =
  { readonly value: T; readonly issues?: undefined } | { readonly issues: readonly ValidationIssue[] };

/** Standard Schema v1 (standardschema.dev): what form libraries, tRPC, TanStack Form and Hono accept. */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => StandardResult<Output>;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}

/** A generated check: true when the value is valid, else false with its issues appended to `issues`. */
export type Check = (value: any, issues: Issue[]) => boolean;

/** An issue as checks build it: the path grows at the front as the failure returns towards the root. */
export interface Issue {
  message: string;
  path: PropertyKey[];
}

/** Records an issue at the value being checked; false, for `return fail(...)`. */
export function fail(issues: Issue[], message: string): false {
  issues.push({ message, path: [] });
  return false;
}

/** Puts `key` in front of the paths of the issues recorded since `from` (a property's or an item's). */
export function at(issues: Issue[], from: number, key: PropertyKey): false {
  for (let i = from; i < issues.length; i++) issues[i]!.path.unshift(key);
  return false;
}

/** Puts `key` in front of the path of the last issue (what a check of one value records). */
export function atLast(issues: Issue[], key: PropertyKey): false {
  issues[issues.length - 1]!.path.unshift(key);
  return false;
}

/**
 * A JSON object: not null, not an array. Not a type guard: the generated checks hold values as `any`, and a
 * guard would have the type-checker narrow every later use of the value in a check function (on GitHub's 9,700
 * check functions, half of what tsc spends on the validators).
 */
export function isRecord(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A required property that is absent. */
export function missing(issues: Issue[], key: string): false {
  issues.push({ message: 'required property is missing', path: [key] });
  return false;
}

/** A property that `additionalProperties: false` does not allow. */
export function unexpected(issues: Issue[], key: string): false {
  issues.push({ message: 'property is not allowed', path: [key] });
  return false;
}

/** The checks of the four JSON scalar types, shared by every generated check. */
export const str: Check = (value, issues) => typeof value === 'string' || fail(issues, 'expected a string');
export const num: Check = (value, issues) => typeof value === 'number' || fail(issues, 'expected a number');
export const int: Check = (value, issues) => Number.isInteger(value) || fail(issues, 'expected an integer');
export const bool: Check = (value, issues) => typeof value === 'boolean' || fail(issues, 'expected a boolean');

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** An int64 as the client reads it: a bigint in range. */
export const i64: Check = (value, issues) =>
  typeof value !== 'bigint'
    ? fail(issues, 'expected a bigint')
    : (value >= INT64_MIN && value <= INT64_MAX) || fail(issues, 'expected a 64-bit integer');

/** A uint64 as the client reads it: a bigint in range. */
export const u64: Check = (value, issues) =>
  typeof value !== 'bigint'
    ? fail(issues, 'expected a bigint')
    : (value >= 0n && value <= UINT64_MAX) || fail(issues, 'expected an unsigned 64-bit integer');

/** A Standard Schema validator made of a generated check (its type is the one the generated code declares). */
export function standard<T>(check: Check): StandardSchemaV1<T> {
  return {
    '~standard': {
      version: 1,
      vendor: 'codegen',
      validate: (value) => {
        const issues: Issue[] = [];
        return check(value, issues) ? { value: value as T } : { issues };
      },
    },
  };
}

/** What the client checks, and what it does with an invalid value: `'warn'` logs it once, `'throw'` refuses it. */
export type ValidateMode = 'off' | 'warn' | 'throw';

/** The checks of one operation: its request body, its success result, its error bodies, its stream's events. */
export interface OperationChecks {
  readonly body?: Check;
  readonly result?: Check;
  /** By status as the spec writes it: `404`, `4XX`, `default`. */
  readonly errors?: Readonly<Record<string, Check>>;
  /** An event stream's data, event by event. */
  readonly events?: Check;
}

/** The checks of one channel: what the client receives and what it sends. */
export interface ChannelChecks {
  readonly receive?: Check;
  readonly send?: Check;
}

/** What a checked value is: a request body or response body (with its status), an event stream's event, a channel's message. */
export type ValidationTarget =
  | { readonly operation: string; readonly status?: number }
  | { readonly operation: string; readonly event: true }
  | { readonly channel: string };

/** What the client is given to check values (`validation` from the package's `validators` entry). */
export interface Validation {
  /** The checks a call or a stream runs in `mode`; none in `'off'`. */
  run(mode: ValidateMode): Checking | undefined;
}

/** The checks of one call or stream, in its mode. A value that is not there (`undefined`) is not checked. */
export interface Checking {
  /** Checks a request body or a message before it is sent: throws a ValidationError in `'throw'` mode. */
  outgoing(target: ValidationTarget, value: unknown): void;
  /**
   * Checks a response body (with its status), an event stream's event or a received message. `'throw'`:
   * returns the ValidationError (the caller throws it, or reports it on the stream's error channel), with
   * `cause` when given (the ApiError of an error body); `'warn'`: logs each distinct issue once.
   */
  incoming(target: ValidationTarget, value: unknown, cause?: unknown): ValidationError | undefined;
}

/** The check of an error status: itself, its range (`4XX`), or `default`. */
function errorCheck(checks: OperationChecks, status: number): Check | undefined {
  const code = String(status);
  return checks.errors?.[code] ?? checks.errors?.[`${code[0]}XX`] ?? checks.errors?.default;
}

/** Which check a value goes through. */
function checkOf(
  operations: Readonly<Record<string, OperationChecks>>,
  channels: Readonly<Record<string, ChannelChecks>>,
  target: ValidationTarget,
  direction: 'outgoing' | 'incoming',
): Check | undefined {
  if ('channel' in target)
    return direction === 'outgoing' ? channels[target.channel]?.send : channels[target.channel]?.receive;
  const checks = operations[target.operation];
  if (!checks) return undefined;
  if (direction === 'outgoing') return checks.body;
  if ('event' in target) return checks.events;
  const status = target.status ?? 200;
  return status < 300 ? checks.result : errorCheck(checks, status);
}

/** A client's validation from the generated checks; `warn` is where warnings go (default: console.warn). */
export function createValidation(
  operations: Readonly<Record<string, OperationChecks>>,
  channels: Readonly<Record<string, ChannelChecks>>,
  warn: (message: string) => void = (message) => console.warn(message),
): Validation {
  const warned = new Set<string>();
  const verify = (
    target: ValidationTarget,
    direction: 'outgoing' | 'incoming',
    value: unknown,
    mode: 'warn' | 'throw',
    cause?: unknown,
  ): ValidationError | undefined => {
    const check = value === undefined ? undefined : checkOf(operations, channels, target, direction);
    if (check === undefined) return undefined;
    const issues: Issue[] = [];
    if (check(value, issues)) return undefined;
    const status = 'status' in target ? target.status : undefined;
    const where = 'channel' in target ? { channel: target.channel } : { operation: target.operation };
    const error = new ValidationError({ ...where, ...(status === undefined ? {} : { status }), issues, cause });
    if (mode === 'throw') return error;
    const name = 'channel' in target ? target.channel : target.operation;
    for (const issue of issues) {
      const line = `${name}${status === undefined ? '' : ` ${status}`}${direction === 'outgoing' ? ' (sent)' : ''}: ${issueText(issue)}`;
      if (warned.has(line)) continue;
      warned.add(line);
      warn(`validation: ${line}`);
    }
    return undefined;
  };
  const runs = (mode: 'warn' | 'throw'): Checking => ({
    outgoing(target, value) {
      // What the client sends is checked in 'throw' mode only: a warning would not stop it.
      if (mode !== 'throw') return;
      const error = verify(target, 'outgoing', value, mode);
      if (error) throw error;
    },
    incoming: (target, value, cause) => verify(target, 'incoming', value, mode, cause),
  });
  const byMode = { warn: runs('warn'), throw: runs('throw') };
  return { run: (mode) => (mode === 'off' ? undefined : byMode[mode]) };
}

/** `path.to[0].field: message`. */
export function issueText(issue: ValidationIssue): string {
  let path = '';
  for (const key of issue.path)
    path += typeof key === 'number' ? `[${key}]` : path === '' ? String(key) : `.${String(key)}`;
  return path === '' ? issue.message : `${path}: ${issue.message}`;
}
