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

/** A Standard Schema validator made of a generated check. */
export function standard(check: Check): StandardSchemaV1 {
  return {
    '~standard': {
      version: 1,
      vendor: 'codegen',
      validate: (value) => {
        const issues: Issue[] = [];
        return check(value, issues) ? { value } : { issues };
      },
    },
  };
}

/** What the client checks, and what it does with an invalid value: `'warn'` logs it once, `'throw'` refuses it. */
export type ValidateMode = 'off' | 'warn' | 'throw';

/** The checks of one operation: its request body, its success result, and its error bodies by declared status. */
export interface OperationChecks {
  readonly body?: Check;
  readonly result?: Check;
  /** By status as the spec writes it: `404`, `4XX`, `default`. */
  readonly errors?: Readonly<Record<string, Check>>;
}

/** The checks of one channel: what the client receives and what it sends. */
export interface ChannelChecks {
  readonly receive?: Check;
  readonly send?: Check;
}

/** What the client is given to check values (`validation` from the package's `validators` entry). */
export interface Validation {
  /** Checks a request body or a message before it is sent; throws a ValidationError in `'throw'` mode. */
  outgoing(target: { operation: string } | { channel: string }, value: unknown, mode: ValidateMode): void;
  /**
   * Checks a response body (with its status) or a received event. `'throw'`: returns the ValidationError (the
   * caller throws it, or reports it on the stream's error channel); `'warn'`: logs each issue once.
   */
  incoming(
    target: { operation: string; status: number } | { channel: string },
    value: unknown,
    mode: ValidateMode,
  ): ValidationError | undefined;
}

/** The check of an error status: itself, its range (`4XX`), or `default`. */
function errorCheck(checks: OperationChecks, status: number): Check | undefined {
  const code = String(status);
  return checks.errors?.[code] ?? checks.errors?.[`${code[0]}XX`] ?? checks.errors?.default;
}

/** A client's validation from the generated checks; `warn` is where warnings go (default: console.warn). */
export function createValidation(
  operations: Readonly<Record<string, OperationChecks>>,
  channels: Readonly<Record<string, ChannelChecks>>,
  warn: (message: string) => void = (message) => console.warn(message),
): Validation {
  const warned = new Set<string>();
  const verify = (
    where: { operation?: string; channel?: string; status?: number },
    check: Check | undefined,
    value: unknown,
    mode: ValidateMode,
  ): ValidationError | undefined => {
    if (mode === 'off' || check === undefined) return undefined;
    const issues: Issue[] = [];
    if (check(value, issues)) return undefined;
    const error = new ValidationError({ ...where, issues });
    if (mode === 'throw') return error;
    const target = where.operation ?? where.channel!;
    for (const issue of error.issues) {
      const line = `${target}${where.status === undefined ? '' : ` ${where.status}`}: ${issueText(issue)}`;
      if (warned.has(line)) continue;
      warned.add(line);
      warn(`validation: ${line}`);
    }
    return undefined;
  };
  return {
    outgoing(target, value, mode) {
      if (mode !== 'throw') return;
      const check = 'operation' in target ? operations[target.operation]?.body : channels[target.channel]?.send;
      const error = verify(target, check, value, mode);
      if (error) throw error;
    },
    incoming(target, value, mode) {
      if ('channel' in target) return verify(target, channels[target.channel]?.receive, value, mode);
      const checks = operations[target.operation];
      if (!checks) return undefined;
      const check = target.status < 300 ? checks.result : errorCheck(checks, target.status);
      return verify(target, check, value, mode);
    },
  };
}

/** `path.to[0].field: message`. */
export function issueText(issue: ValidationIssue): string {
  let path = '';
  for (const key of issue.path)
    path += typeof key === 'number' ? `[${key}]` : path === '' ? String(key) : `.${String(key)}`;
  return path === '' ? issue.message : `${path}: ${issue.message}`;
}
