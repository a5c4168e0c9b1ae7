/**
 * Resolve pass (the last): every choice the spec leaves open about how the client calls an operation, made
 * once — which request body it sends and how it encodes it, which response it resolves to and how it is
 * delivered, which errors it declares — and which optional runtime parts the package needs. The emitters, the
 * generated README and the public surface (the change report) all read `Operation.resolved`; none decides again.
 */
import { isJsonMedia, mediaBase, preferredContent, successResponse } from '../ir/media.js';
import type { Api, BodyEncoding, Delivery, MediaContent, Operation, ResolvedOperation, Schema } from '../ir/types.js';

/** The request body content the client sends: JSON first, then multipart, form, anything else. */
function preferredBody(op: Operation): MediaContent | undefined {
  const rank = (c: MediaContent) => {
    const base = mediaBase(c.mediaType);
    if (isJsonMedia(base)) return 0;
    if (base === 'multipart/form-data') return 1;
    if (base === 'application/x-www-form-urlencoded') return 2;
    return 3;
  };
  return [...(op.body?.contents ?? [])].sort((a, b) => rank(a) - rank(b))[0];
}

function bodyEncoding(mediaType: string): BodyEncoding {
  const base = mediaBase(mediaType);
  if (isJsonMedia(base)) return 'json';
  if (base === 'multipart/form-data') return 'multipart';
  if (base === 'application/x-www-form-urlencoded') return 'form';
  if (base.startsWith('text/')) return 'text';
  return 'binary';
}

function delivery(content: MediaContent | undefined): Delivery {
  if (!content) return 'none';
  const base = mediaBase(content.mediaType);
  if (isJsonMedia(base)) return 'json';
  if (base === 'text/event-stream') return 'sse';
  if (base.startsWith('text/')) return content.schema.kind === 'binary' ? 'binary' : 'text';
  return 'binary';
}

/** The Accept header of the request core when the operation says nothing else. */
const DEFAULT_ACCEPT = 'application/json';

/**
 * The Accept header a call sends: the media type its result is read from (as the spec declares it, without
 * parameters), then any type, since an error body may come in another; an event stream asks for events alone.
 * None where that is the request core's default (JSON, then any type) or the spec declares no content.
 */
function accept(how: Delivery, content: MediaContent | undefined): string | undefined {
  if (how === 'sse') return 'text/event-stream';
  if (!content || how === 'subscription') return undefined;
  const type = mediaBase(content.mediaType);
  if (type === DEFAULT_ACCEPT) return undefined;
  return type === '*/*' ? type : `${type}, */*`;
}

/** Whether each event of an event stream carries JSON data (else text: the spec says string, or nothing). */
function eventData(schema: Schema): 'json' | 'text' {
  return schema.kind === 'string' || schema.kind === 'unknown' ? 'text' : 'json';
}

function errors(op: Operation): Pick<ResolvedOperation, 'errors' | 'errorStatuses'> {
  const declared = op.responses.filter((r) => /^[45]/.test(r.status) || r.status === 'default');
  const byStatus = new Map<string, { status: string; bodies: Schema[]; typed: boolean }>();
  for (const response of declared) {
    const status = /^\d{3}$/.test(response.status) ? response.status : 'number';
    const json = response.contents.filter((c) => isJsonMedia(c.mediaType)).map((c) => c.schema);
    const before = byStatus.get(status) ?? { status, bodies: [], typed: true };
    const opaque = json.length === 0 || json.length < response.contents.length;
    byStatus.set(status, { status, bodies: [...before.bodies, ...json], typed: before.typed && !opaque });
  }
  return {
    errors: [...byStatus.values()],
    errorStatuses: declared.map((r) => r.status),
  };
}

export function resolveOperation(op: Operation): ResolvedOperation {
  const content = op.body ? preferredBody(op) : undefined;
  const styled = (content?.encoding ?? []).filter((e) => e.style !== undefined);
  const body = content
    ? {
        mediaType: content.mediaType,
        schema: content.schema,
        required: op.body!.required,
        encoding: bodyEncoding(content.mediaType),
        ...(styled.length > 0 ? { styles: Object.fromEntries(styled.map((e) => [e.property, e.style!])) } : {}),
      }
    : undefined;
  const success = preferredContent(successResponse(op));
  const how: Delivery = op.websocketChannel ? 'subscription' : delivery(success);
  const asked = accept(how, success);
  // What goes over the wire either way: the content the server sends, and what the call asks for.
  const wire = {
    ...(success && how !== 'subscription' ? { sent: { mediaType: success.mediaType, schema: success.schema } } : {}),
    ...(asked ? { accept: asked } : {}),
  };
  const result: ResolvedOperation['result'] =
    how === 'json'
      ? { delivery: how, schema: success!.schema, ...wire }
      : how === 'sse'
        ? { delivery: how, schema: success!.schema, eventData: eventData(success!.schema), ...wire }
        : { delivery: how, ...wire };
  return {
    ...(body ? { body } : {}),
    result,
    ...errors(op),
    paramsRequired: op.parameters.some((p) => p.required) || body?.required === true,
  };
}

export function resolveApi(api: Api, options: { msw?: boolean } = {}): Api {
  const operations = api.operations.map((op) => ({ ...op, resolved: resolveOperation(op) }));
  return {
    ...api,
    operations,
    runtimeParts: {
      websocket: api.channels.some((c) => c.transport === 'websocket'),
      eventStreams: operations.some((op) => op.resolved.result.delivery === 'sse'),
      // The MSW handlers of `<package>/mocks`, when the config asks for them.
      ...(options.msw ? { msw: true } : {}),
    },
  };
}

/** An operation's resolved model; the resolve pass has run on every Api an emitter sees. */
export function resolvedOf(op: Operation): ResolvedOperation {
  if (!op.resolved) throw new Error(`operation ${op.operationId} was not resolved (the resolve pass runs last)`);
  return op.resolved;
}
