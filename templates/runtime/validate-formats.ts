import { fail, type Check } from './validate.js';

/**
 * The value checks behind the generated validators that are more than one expression: string length in code
 * points, `multipleOf` without float noise, `uniqueItems` by JSON equality, and the formats a client can
 * check cheaply (RFC 3339 dates and times, RFC 4122 UUIDs, RFC 3986 URIs, a practical email address).
 */

/** The length of a string in Unicode code points (JSON Schema's length), counting a surrogate pair once. */
export function codePoints(s: string): number {
  let count = s.length;
  for (let i = 0; i < s.length; i++) {
    const unit = s.charCodeAt(i);
    if (unit >= 0xdc00 && unit <= 0xdfff && i > 0) {
      const before = s.charCodeAt(i - 1);
      if (before >= 0xd800 && before <= 0xdbff) count--;
    }
  }
  return count;
}

/** `minLength`: a string of fewer UTF-16 units than the bound has fewer code points too; one of twice as many has enough. */
export function minLength(s: string, bound: number): boolean {
  return s.length >= bound * 2 || (s.length >= bound && codePoints(s) >= bound);
}

/** `maxLength`: code points never outnumber UTF-16 units. */
export function maxLength(s: string, bound: number): boolean {
  return s.length <= bound || codePoints(s) <= bound;
}

/** `multipleOf` for numbers and bigints; a float quotient within rounding noise of an integer counts. */
export function multipleOf(value: number | bigint, divisor: number): boolean {
  if (typeof value === 'bigint') {
    if (Number.isInteger(divisor)) return value % BigInt(divisor) === 0n;
    value = Number(value);
  }
  const quotient = value / divisor;
  if (!Number.isFinite(quotient)) return false;
  return Math.abs(quotient - Math.round(quotient)) < 1e-9 * Math.max(1, Math.abs(quotient));
}

/** JSON equality: numbers by value, objects whatever the order of their keys, arrays item by item. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'bigint' || typeof b === 'bigint')
    return (typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')
      ? a == b
      : false;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys)
    if (!Object.hasOwn(b, key) || !jsonEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
      return false;
  return true;
}

/** `uniqueItems`: no two items JSON-equal. Scalars go through a set; objects and arrays are compared pairwise. */
export function uniqueItems(items: readonly unknown[]): boolean {
  const scalars = new Set<unknown>();
  const structured: unknown[] = [];
  for (const item of items) {
    if (typeof item === 'object' && item !== null) {
      for (const seen of structured) if (jsonEqual(seen, item)) return false;
      structured.push(item);
    } else {
      // A bigint and a number of the same value are the same JSON number.
      const key = typeof item === 'bigint' && Number.isSafeInteger(Number(item)) ? Number(item) : item;
      if (scalars.has(key)) return false;
      scalars.add(key);
    }
  }
  return true;
}

/** The own value of a property whose name `Object.prototype` also has (`constructor`, `toString`...). */
export function own(value: object, key: string): unknown {
  return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

/** A decimal integer string, as int64 values are delivered when the client reads them as strings. */
export function isIntegerString(value: unknown): value is string {
  return typeof value === 'string' && /^-?(0|[1-9][0-9]*)$/.test(value);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

/** The month's last day (Gregorian leap years). */
function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function validDate(year: string, month: string, day: string): boolean {
  const m = +month;
  const d = +day;
  return m >= 1 && m <= 12 && d >= 1 && d <= daysIn(+year, m);
}

/** A time of day, with a leap second only at 23:59:60 UTC (the offset applied). */
function validTime(
  hour: string,
  minute: string,
  second: string,
  sign: string | undefined,
  offsetHour: string | undefined,
  offsetMinute: string | undefined,
): boolean {
  const h = +hour;
  const m = +minute;
  const s = +second;
  const oh = offsetHour === undefined ? 0 : +offsetHour;
  const om = offsetMinute === undefined ? 0 : +offsetMinute;
  if (h > 23 || m > 59 || s > 60 || oh > 23 || om > 59) return false;
  if (s < 60) return true;
  const utc = (((h * 60 + m - (sign === '-' ? -1 : 1) * (oh * 60 + om)) % 1440) + 1440) % 1440;
  return utc === 23 * 60 + 59;
}

/** RFC 3339 `full-date`, with the month's real number of days. */
export function isDate(value: string): boolean {
  const match = DATE.exec(value);
  return match !== null && validDate(match[1]!, match[2]!, match[3]!);
}

/** RFC 3339 `full-time`. */
export function isTime(value: string): boolean {
  const match = TIME.exec(value);
  return match !== null && validTime(match[1]!, match[2]!, match[3]!, match[4], match[5], match[6]);
}

/** RFC 3339 `date-time`: a full date, `T` (or `t`), a full time; one match for all of it. */
export function isDateTime(value: string): boolean {
  const match = DATE_TIME.exec(value);
  return (
    match !== null &&
    validDate(match[1]!, match[2]!, match[3]!) &&
    validTime(match[4]!, match[5]!, match[6]!, match[7], match[8], match[9])
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

const OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);

/** An IPv6 address (RFC 4291 text form, an IPv4 tail included), as URIs and email address literals write it. */
export function isIpv6(value: string): boolean {
  let text = value;
  let groups = 0;
  const tail = text.lastIndexOf(':');
  if (text.includes('.')) {
    if (!IPV4.test(text.slice(tail + 1))) return false;
    text = `${text.slice(0, tail + 1)}0`;
    groups = 1;
  }
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const parts = halves.flatMap((half) => (half === '' ? [] : half.split(':')));
  if (!parts.every((part) => /^[0-9A-Fa-f]{1,4}$/.test(part))) return false;
  groups += parts.length;
  return halves.length === 2 ? groups <= 7 : groups === 8;
}

// A local part of atoms or a quoted string, and a domain of labels or an address literal.
const EMAIL =
  /^(?:[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*|"(?:[^"\\\r\n]|\\.)*")@(?:((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)|\[(?:IPv6:([^\]]+)|([0-9.]+))\])$/;

export function isEmail(value: string): boolean {
  const match = EMAIL.exec(value);
  if (!match) return false;
  if (match[2] !== undefined) return isIpv6(match[2]);
  if (match[3] !== undefined) return IPV4.test(match[3]);
  return true;
}

// RFC 3986 `URI`: a scheme, then a hierarchical part, query and fragment made of the characters it allows; an
// IP literal host (in brackets) is captured and checked on its own.
const URI =
  /^[A-Za-z][A-Za-z0-9+.-]*:(?:\/\/(?:(?:[A-Za-z0-9\-._~!$&'()*+,;=:]|%[0-9A-Fa-f]{2})*@)?(?:\[([^\]]*)\]|(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})*)(?::\d*)?(?:\/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})*)*|(?:\/?(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})+)(?:\/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})*)*|\/)?(?:\?(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*)?(?:#(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*)?$/;

export function isUri(value: string): boolean {
  const match = URI.exec(value);
  if (!match) return false;
  const literal = match[1];
  return literal === undefined || isIpv6(literal) || /^v[0-9A-Fa-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+$/.test(literal);
}

/** A string of a format: one check for both, with the message of what failed. */
function formatted(test: (value: string) => boolean, what: string): Check {
  return (value, issues) =>
    typeof value !== 'string' ? fail(issues, 'expected a string') : test(value) || fail(issues, `expected ${what}`);
}

export const uuid: Check = formatted(isUuid, 'a UUID');
export const dateTime: Check = formatted(isDateTime, 'an RFC 3339 date-time');
export const date: Check = formatted(isDate, 'an RFC 3339 date');
export const email: Check = formatted(isEmail, 'an email address');
export const uri: Check = formatted(isUri, 'an absolute URI');
