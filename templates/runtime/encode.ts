/**
 * Encoding for the wire: path segments, query parameters (OpenAPI styles) and request bodies. Each body
 * encoder is referenced by the operations that need it, so a bundle keeps only what it calls.
 */

/** Binary input accepted for `format: binary` fields and bodies. */
export type BinaryInput =
  Blob | ArrayBuffer | Uint8Array | { data: Blob | ArrayBuffer | Uint8Array; filename?: string; contentType?: string };

/** Percent-encodes one path segment: `/`, `?`, `#`, `%` and spaces cannot escape it. */
export function encodePathSegment(value: unknown): string {
  return encodeURIComponent(String(value)).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function buildPath(template: string, values: Record<string, unknown>): string {
  const encoded: Record<string, string> = {};
  for (const name in values)
    if (values[name] !== undefined && values[name] !== null) encoded[name] = encodePathSegment(values[name]);
  return fillPath(template, encoded);
}

/**
 * Puts already-encoded values into a path template; a missing one is an error, never `undefined` in the URL.
 * Every `{name}` with a non-empty name is filled (`{}` names nothing and stays as written).
 */
export function fillPath(template: string, encoded: Record<string, string>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = encoded[name];
    if (value === undefined) throw new TypeError(`missing path parameter "${name}"`);
    return value;
  });
}

/**
 * One path parameter per OpenAPI style/explode, encoded: `simple` (`3,4,5`, `role=admin,first=Alex`), `label`
 * (`.3.4.5`) and `matrix` (`;id=3;id=4`). Descriptors refer to it only for parameters that need more than a
 * plain scalar segment.
 */
export function serializePathParam(
  param: { name: string; style?: string; explode?: boolean },
  value: unknown,
): string[] {
  const style = param.style ?? 'simple';
  const explode = param.explode ?? false;
  const name = encodePathSegment(param.name);
  const prefix = style === 'label' ? '.' : style === 'matrix' ? ';' : '';
  // Between exploded items: `.` for label, `;name=` for matrix, `,` for simple.
  const between = explode ? (style === 'label' ? '.' : style === 'matrix' ? ';' : ',') : ',';
  if (Array.isArray(value)) {
    const items = value.filter((v) => v !== undefined && v !== null).map((v) => encodePathSegment(scalar(v)));
    if (style === 'matrix')
      return [explode ? items.map((v) => `;${name}=${v}`).join('') : `;${name}=${items.join(',')}`];
    return [prefix + items.join(between)];
  }
  if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => [encodePathSegment(k), encodePathSegment(scalar(v))] as const);
    if (explode) return [prefix + entries.map(([k, v]) => `${k}=${v}`).join(between)];
    const flat = entries.map(([k, v]) => `${k},${v}`).join(',');
    return [style === 'matrix' ? `;${name}=${flat}` : prefix + flat];
  }
  const single = encodePathSegment(scalar(value));
  return [style === 'matrix' ? `;${name}=${single}` : prefix + single];
}

const encodeQuery = (value: string) => encodeURIComponent(value);

export function scalar(value: unknown): string {
  return value instanceof Date
    ? value.toISOString()
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);
}

/** form + explode, OpenAPI's default: `a=1&a=2` for arrays, `a=1` for scalars. */
export function serializeFormQuery(name: string, value: unknown): string[] {
  const key = encodeQuery(name);
  return (Array.isArray(value) ? value.filter((v) => v !== undefined && v !== null) : [value]).map(
    (v) => `${key}=${encodeQuery(scalar(v))}`,
  );
}

/**
 * How a descriptor's parameter goes on the wire: its pieces, which the core joins as the parameter's place
 * wants (a path segment: joined; query pairs and cookies: each its own; a header: joined with `,`). Each
 * descriptor names its parameters' serializers, so a bundle keeps only those its operations use.
 */
export type ParamSerializer = (param: { name: string; style?: string; explode?: boolean }, value: unknown) => string[];

/** The error for an int64 given as a number that has already lost digits. */
export function inexactInteger(value: number): RangeError {
  return new RangeError(
    `${value} is not an exact 64-bit integer (a number holds integers up to 2^53 exactly): pass it as a bigint, or a string of its digits`,
  );
}

/**
 * A parameter's check before it is serialized: an int64/uint64 parameter's number (or array of them) beyond
 * 2^53 has lost digits and is refused. Descriptors name it only for such parameters.
 */
export function checkExactInteger(value: unknown): void {
  if (Array.isArray(value)) value.forEach(checkExactInteger);
  else if (typeof value === 'number' && !Number.isSafeInteger(value) && Number.isFinite(value))
    throw inexactInteger(value);
}

/** A path parameter that is one scalar segment (simple style, not exploded). */
export const serializePathSegment: ParamSerializer = (_param, value) => [encodePathSegment(value)];

/** A query parameter in form style, exploded (OpenAPI's default). */
export const serializeFormParam: ParamSerializer = (param, value) => serializeFormQuery(param.name, value);

/** A header parameter: a scalar, or an array's items (simple style: the core joins them with `,`). */
export const serializeHeaderParam: ParamSerializer = (_param, value) =>
  (Array.isArray(value) ? value : [value]).map(scalar);

/** A cookie parameter: `name=value`, both percent-encoded. */
export const serializeCookieParam: ParamSerializer = (param, value) => [
  `${encodeURIComponent(param.name)}=${encodeURIComponent(scalar(value))}`,
];

/**
 * Serializes one query parameter per OpenAPI style/explode. Descriptors refer to it only for parameters
 * that need more than the default (objects, deepObject, delimited or non-exploded arrays).
 */
export function serializeQueryParam(
  param: { name: string; style?: string; explode?: boolean },
  value: unknown,
): string[] {
  const style = param.style ?? 'form';
  const explode = param.explode ?? style === 'form';
  const key = encodeQuery(param.name);
  if (style === 'deepObject' && typeof value === 'object' && value !== null && !(value instanceof Date)) {
    const pairs: string[] = [];
    deepObjectPairs(key, value, pairs);
    return pairs;
  }
  if (Array.isArray(value)) {
    const items = value.filter((v) => v !== undefined && v !== null).map((v) => encodeQuery(scalar(v)));
    if (explode) return items.map((v) => `${key}=${v}`);
    const separator = style === 'spaceDelimited' ? '%20' : style === 'pipeDelimited' ? '|' : ',';
    return [`${key}=${items.join(separator)}`];
  }
  if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined && v !== null);
    if (explode) return entries.map(([k, v]) => `${encodeQuery(k)}=${encodeQuery(scalar(v))}`);
    return [`${key}=${entries.map(([k, v]) => `${encodeQuery(k)},${encodeQuery(scalar(v))}`).join(',')}`];
  }
  return [`${key}=${encodeQuery(scalar(value))}`];
}

/**
 * deepObject, nested as qs and Stripe write it: `a[b]=c`, `a[b][c]=d`, and arrays by index, `expand[0]=x`
 * (OpenAPI defines deepObject for one level of scalars only; this is the convention for the rest).
 */
function deepObjectPairs(prefix: string, value: unknown, out: string[]): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) value.forEach((item, i) => deepObjectPairs(`${prefix}%5B${i}%5D`, item, out));
  else if (typeof value === 'object' && !(value instanceof Date))
    for (const [k, v] of Object.entries(value)) deepObjectPairs(`${prefix}%5B${encodeQuery(k)}%5D`, v, out);
  else out.push(`${prefix}=${encodeQuery(scalar(value))}`);
}

function isBinary(value: unknown): value is Blob | ArrayBuffer | Uint8Array {
  return (
    (typeof Blob !== 'undefined' && value instanceof Blob) || value instanceof ArrayBuffer || ArrayBuffer.isView(value)
  );
}

function toBlob(value: BinaryInput): { blob: Blob; filename?: string } {
  if (isBinary(value)) {
    return { blob: value instanceof Blob ? value : new Blob([value as BlobPart]) };
  }
  const blob =
    value.data instanceof Blob
      ? value.data
      : new Blob([value.data as BlobPart], value.contentType ? { type: value.contentType } : {});
  return { blob, ...(value.filename === undefined ? {} : { filename: value.filename }) };
}

function isBinaryInput(value: unknown): value is BinaryInput {
  return (
    isBinary(value) ||
    (typeof value === 'object' && value !== null && 'data' in value && isBinary((value as { data: unknown }).data))
  );
}

function multipart(body: Record<string, unknown>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(body)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined || item === null) continue;
      if (isBinaryInput(item)) {
        const { blob, filename } = toBlob(item);
        const file = item instanceof Blob && 'name' in item && typeof item.name === 'string' ? item.name : undefined;
        form.append(name, blob, filename ?? file ?? name);
      } else {
        form.append(name, typeof item === 'object' ? JSON.stringify(item) : String(item));
      }
    }
  }
  return form;
}

/**
 * Turns a request body into what fetch sends; the generator picks one per operation from its media type.
 * `styles`: the `style` the spec's Encoding object gives some properties (form bodies).
 */
export type BodyEncoder = (
  body: unknown,
  mediaType: string,
  styles?: Readonly<Record<string, string>>,
) => { body: BodyInit; contentType?: string };

export const encodeJson: BodyEncoder = (body, mediaType) => ({ body: JSON.stringify(body), contentType: mediaType });

/** multipart/form-data: fetch sets the content type with its boundary. */
export const encodeMultipart: BodyEncoder = (body) => ({ body: multipart(body as Record<string, unknown>) });

/**
 * application/x-www-form-urlencoded: objects as deepObject (`a[b]=c`), arrays repeated (`a=1&a=2`) unless the
 * spec's encoding says deepObject for them (`expand[0]=x`, as Stripe's spec does).
 */
export const encodeForm: BodyEncoder = (body, mediaType, styles) => ({
  body: Object.entries(body as Record<string, unknown>)
    .filter(([, v]) => v !== undefined && v !== null)
    .flatMap(([k, v]) =>
      serializeQueryParam(
        { name: k, style: styles?.[k] ?? (typeof v === 'object' && !Array.isArray(v) ? 'deepObject' : 'form') },
        v,
      ),
    )
    .join('&'),
  contentType: mediaType,
});

export const encodeBinary: BodyEncoder = (body, mediaType) => {
  if (!isBinaryInput(body)) return { body: String(body), contentType: mediaType };
  const { blob } = toBlob(body);
  return { body: blob, contentType: mediaType === '*/*' ? blob.type || 'application/octet-stream' : mediaType };
};

export const encodeText: BodyEncoder = (body, mediaType) => ({ body: String(body), contentType: mediaType });
