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
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined || value === null) throw new TypeError(`missing path parameter "${name}"`);
    return encodePathSegment(value);
  });
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
  if (Array.isArray(value)) {
    const items = value.filter((v) => v !== undefined && v !== null).map((v) => encodeQuery(scalar(v)));
    if (explode) return items.map((v) => `${key}=${v}`);
    const separator = style === 'spaceDelimited' ? '%20' : style === 'pipeDelimited' ? '|' : ',';
    return [`${key}=${items.join(separator)}`];
  }
  if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined && v !== null);
    if (style === 'deepObject')
      return entries.map(([k, v]) => `${key}%5B${encodeQuery(k)}%5D=${encodeQuery(scalar(v))}`);
    if (explode) return entries.map(([k, v]) => `${encodeQuery(k)}=${encodeQuery(scalar(v))}`);
    return [`${key}=${entries.map(([k, v]) => `${encodeQuery(k)},${encodeQuery(scalar(v))}`).join(',')}`];
  }
  return [`${key}=${encodeQuery(scalar(value))}`];
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

/** Turns a request body into what fetch sends; the generator picks one per operation from its media type. */
export type BodyEncoder = (body: unknown, mediaType: string) => { body: BodyInit; contentType?: string };

export const encodeJson: BodyEncoder = (body, mediaType) => ({ body: JSON.stringify(body), contentType: mediaType });

/** multipart/form-data: fetch sets the content type with its boundary. */
export const encodeMultipart: BodyEncoder = (body) => ({ body: multipart(body as Record<string, unknown>) });

/** application/x-www-form-urlencoded, nested objects as deepObject (`a[b]=c`). */
export const encodeForm: BodyEncoder = (body, mediaType) => ({
  body: Object.entries(body as Record<string, unknown>)
    .filter(([, v]) => v !== undefined && v !== null)
    .flatMap(([k, v]) =>
      serializeQueryParam({ name: k, style: typeof v === 'object' && !Array.isArray(v) ? 'deepObject' : 'form' }, v),
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
