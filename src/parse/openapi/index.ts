/** OpenAPI 3.0/3.1 document -> IR (schemas, operations, security, servers). */
import { diagnostic, DiagnosticError, hasErrors, type Diagnostic } from '../../diagnostics.js';
import type {
  Api,
  HttpMethod,
  MediaContent,
  Operation,
  Parameter,
  RequestBody,
  Response,
  SecurityRequirement,
  SecurityScheme,
  ServerVariable,
  Webhook,
} from '../../ir/types.js';
import { joinPointer, splitPointer, type LoadedSource } from '../../load/source.js';
import { resolvePointer, SchemaRegistry } from '../refs.js';
import { isObject, type Json } from '../json.js';
import { convertSchema } from '../schema.js';
import { toSecurityScheme } from '../security.js';
import { repairRefs } from '../repair-refs.js';
import { bundleExternal, scanRefs, validateOpenApi } from './validate.js';

const METHODS: HttpMethod[] = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export interface OpenApiResult {
  api: Omit<Api, 'channels' | 'sources'>;
  diagnostics: Diagnostic[];
}

export function checkOpenApiVersion(source: LoadedSource): void {
  const data = source.data;
  const where = { file: source.displayPath, line: 1, col: 1 };
  if (!isObject(data)) {
    throw new DiagnosticError([
      diagnostic({ code: 'CG004', message: 'the document is not a YAML/JSON mapping', ...where }),
    ]);
  }
  if (typeof data.swagger === 'string') {
    const pos = source.locate('/swagger');
    throw new DiagnosticError([
      diagnostic({
        code: 'CG005',
        message: `Swagger ${data.swagger} is not supported`,
        help: 'codegen reads OpenAPI 3.0.x and 3.1.x: convert Swagger 2.0 documents first, e.g. with swagger2openapi.',
        file: source.displayPath,
        pointer: '/swagger',
        ...pos,
      }),
    ]);
  }
  if (data.openapi === undefined) {
    throw new DiagnosticError([
      diagnostic({ code: 'CG004', message: 'no `openapi` field: this is not an OpenAPI document', ...where }),
    ]);
  }
  if (typeof data.openapi !== 'string' || !/^3\.[01]\.\d+/.test(data.openapi)) {
    const pos = source.locate('/openapi');
    throw new DiagnosticError([
      diagnostic({
        code: 'CG005',
        message: `OpenAPI version ${JSON.stringify(data.openapi)} is not supported${typeof data.openapi === 'string' && /^3\.\d+/.test(data.openapi) ? ' yet' : ''}`,
        help:
          typeof data.openapi === 'string' && /^3\.\d+/.test(data.openapi)
            ? `codegen reads OpenAPI 3.0.x and 3.1.x; ${data.openapi} is newer. If the document uses nothing that ${data.openapi} added, it reads as 3.1 (\`openapi: 3.1.1\`).`
            : 'codegen reads OpenAPI 3.0.x and 3.1.x.',
        file: source.displayPath,
        pointer: '/openapi',
        ...pos,
      }),
    ]);
  }
}

export async function parseOpenApi(source: LoadedSource): Promise<OpenApiResult> {
  checkOpenApiVersion(source);
  const repaired = repairRefs(source);
  const scanned = scanRefs(source, repaired.data);
  const inExtensions = extensionRefs(repaired.data, scanned.unresolved);
  const refs = { ...scanned, unresolved: scanned.unresolved.filter((d) => !inExtensions.skipped.has(d)) };
  if (refs.unresolved.length > 0) throw new DiagnosticError([...repaired.diagnostics, ...refs.unresolved]);
  const data = inExtensions.data;
  const bundled = refs.external ? await bundleExternal(source, data) : { doc: data, placedNames: new Map() };
  const doc = bundled.doc as Json;
  const diagnostics = [
    ...(source.readWarnings ?? []),
    ...repaired.diagnostics,
    ...inExtensions.warnings,
    ...validateOpenApi(source, doc),
  ];
  if (hasErrors(diagnostics)) throw new DiagnosticError(diagnostics);
  const api = new OpenApiReader(doc, source, diagnostics, bundled.placedNames).read();
  // Where the reader gave up on a finding (an error), the validator's warning at the same place says nothing more.
  const fatal = new Set(diagnostics.filter((d) => d.severity === 'error').map((d) => d.pointer));
  return { api, diagnostics: diagnostics.filter((d) => d.code !== 'CG013' || !fatal.has(d.pointer)) };
}

/** Extensions whose entries the generator reads, one by one: an entry with a broken `$ref` is skipped. */
const READ_EXTENSIONS = new Set(['x-webhooks']);

/**
 * `$ref`s that point at nothing inside extensions (`x-...`): in an entry of an extension the generator reads
 * (a webhook of `x-webhooks`), that entry is skipped with a warning; elsewhere the extension is not read, and
 * the `$ref` says nothing about the client: a warning. Never a failed run.
 */
function extensionRefs(
  data: unknown,
  unresolved: Diagnostic[],
): { data: unknown; skipped: Set<Diagnostic>; warnings: Diagnostic[] } {
  const skipped = new Set<Diagnostic>();
  const warnings: Diagnostic[] = [];
  const drop: [string, string][] = [];
  for (const finding of unresolved) {
    const [extension, entry] = splitPointer(finding.pointer ?? '');
    if (!extension?.startsWith('x-')) continue;
    skipped.add(finding);
    const reads = READ_EXTENSIONS.has(extension) && entry !== undefined;
    if (reads) drop.push([extension, entry]);
    warnings.push({
      ...finding,
      severity: 'warning',
      message: reads
        ? `${finding.message}: ${extension} entry "${entry}" skipped`
        : `${finding.message}, in ${extension}, which codegen does not read`,
    });
  }
  if (drop.length === 0) return { data, skipped, warnings };
  const copy = structuredClone(data) as Record<string, Record<string, unknown>>;
  for (const [extension, entry] of drop) delete copy[extension]?.[entry];
  return { data: copy, skipped, warnings };
}

function readServerVariables(raw: Json): Record<string, ServerVariable> {
  return Object.fromEntries(
    Object.entries(raw).map(([name, v]) => {
      const value = isObject(v) ? v : {};
      const values = Array.isArray(value.enum) ? value.enum.filter((e): e is string => typeof e === 'string') : [];
      return [
        name,
        {
          ...(typeof value.default === 'string' ? { default: value.default } : {}),
          ...(values.length > 0 ? { enum: values } : {}),
          ...(typeof value.description === 'string' ? { description: value.description } : {}),
        },
      ];
    }),
  );
}

const LOCATIONS: readonly Parameter['in'][] = ['path', 'query', 'header', 'cookie'];

class OpenApiReader {
  private readonly registry: SchemaRegistry;
  private readonly file: string;

  constructor(
    private readonly doc: Json,
    private readonly source: LoadedSource,
    private readonly diagnostics: Diagnostic[],
    placedNames: ReadonlyMap<string, string>,
  ) {
    this.file = source.displayPath;
    this.registry = new SchemaRegistry(doc, this.file, diagnostics, placedNames);
  }

  read(): OpenApiResult['api'] {
    const info = isObject(this.doc.info) ? this.doc.info : {};
    const components = isObject(this.doc.components) ? this.doc.components : {};
    if (isObject(components.schemas)) {
      for (const name of Object.keys(components.schemas)) {
        this.registry.add({ pointer: joinPointer(['components', 'schemas', name]), name, source: 'component' });
      }
    }
    const operations = this.readOperations();
    this.checkDuplicateIds(operations);
    this.readWebhooks();
    return {
      ...(this.hooks.length > 0 ? { webhooks: this.hooks } : {}),
      info: {
        title: typeof info.title === 'string' ? info.title : 'API',
        version: typeof info.version === 'string' ? info.version : '0.0.0',
        ...(typeof info.description === 'string' ? { description: info.description } : {}),
      },
      servers: (Array.isArray(this.doc.servers) ? this.doc.servers : [])
        .filter(isObject)
        .filter((s) => typeof s.url === 'string')
        .map((s) => ({
          url: s.url as string,
          ...(typeof s.description === 'string' ? { description: s.description } : {}),
          ...(isObject(s.variables) && Object.keys(s.variables).length > 0
            ? { variables: readServerVariables(s.variables) }
            : {}),
        })),
      schemas: this.registry.list(),
      operations,
      securitySchemes: this.readSecuritySchemes(components),
      tags: (Array.isArray(this.doc.tags) ? this.doc.tags : [])
        .filter(isObject)
        .filter((t) => typeof t.name === 'string')
        .map((t) => ({
          name: t.name as string,
          ...(typeof t.description === 'string' ? { description: t.description } : {}),
        })),
    };
  }

  /** Follows `$ref`s of parameters, request bodies and responses (not schemas: those stay references). */
  private deref(node: unknown, pointer: string): { value: unknown; pointer: string } {
    let current = node;
    let at = pointer;
    for (let hops = 0; isObject(current) && typeof current.$ref === 'string' && hops < 32; hops++) {
      const ref = current.$ref;
      const target = resolvePointer(this.doc, ref);
      if (target === undefined) {
        this.diagnostics.push(
          diagnostic({
            code: 'CG007',
            message: `$ref ${JSON.stringify(ref)} points at nothing`,
            file: this.file,
            pointer: at + '/$ref',
          }),
        );
        return { value: undefined, pointer: at };
      }
      current = target;
      at = decodeURIComponent(ref.slice(1));
    }
    return { value: current, pointer: at };
  }

  private readOperations(): Operation[] {
    const operations: Operation[] = [];
    const paths = isObject(this.doc.paths) ? this.doc.paths : {};
    const rootSecurity = this.readSecurity(this.doc.security) ?? [];
    for (const [path, rawItem] of Object.entries(paths)) {
      const itemPointer = joinPointer(['paths', path]);
      const { value: item } = this.deref(rawItem, itemPointer);
      if (!isObject(item)) continue;
      const shared = this.readParameters(item.parameters, itemPointer + '/parameters');
      // Spec order, so that the generated files read like the spec.
      for (const method of Object.keys(item).filter((k): k is HttpMethod => (METHODS as string[]).includes(k))) {
        const raw = item[method];
        if (!isObject(raw)) continue;
        const pointer = `${itemPointer}/${method}`;
        const own = this.readParameters(raw.parameters, pointer + '/parameters');
        const parameters = [...shared.filter((p) => !own.some((o) => o.name === p.name && o.in === p.in)), ...own];
        const body = this.readRequestBody(raw.requestBody, pointer + '/requestBody');
        const operationId =
          typeof raw.operationId === 'string' && raw.operationId.trim() !== '' ? raw.operationId : `${method} ${path}`;
        this.readCallbacks(raw.callbacks, operationId, pointer + '/callbacks');
        operations.push({
          operationId,
          method,
          path,
          tags: Array.isArray(raw.tags) ? raw.tags.filter((t): t is string => typeof t === 'string') : [],
          ...(typeof raw.summary === 'string' ? { summary: raw.summary } : {}),
          ...(typeof raw.description === 'string' ? { description: raw.description } : {}),
          ...(raw.deprecated === true ? { deprecated: true } : {}),
          parameters,
          ...(body ? { body } : {}),
          responses: this.readResponses(raw.responses, pointer + '/responses'),
          security: this.readSecurity(raw.security) ?? rootSecurity,
          origin: { file: this.file, pointer },
        });
      }
    }
    return operations;
  }

  private readParameters(raw: unknown, pointer: string): Parameter[] {
    if (!Array.isArray(raw)) return [];
    const out: Parameter[] = [];
    raw.forEach((entry, i) => {
      const { value, pointer: at } = this.deref(entry, `${pointer}/${i}`);
      if (!isObject(value)) return;
      // The one kind of schema finding that stops generation: a parameter the client could not send.
      if (typeof value.name !== 'string' || !LOCATIONS.includes(value.in as Parameter['in'])) {
        const field = typeof value.name !== 'string' ? 'name' : 'in';
        const problem =
          typeof value.name !== 'string'
            ? 'a parameter without a name'
            : typeof value.in === 'string'
              ? `parameter ${JSON.stringify(value.name)} is in ${JSON.stringify(value.in)}, which OpenAPI 3 does not have`
              : `parameter ${JSON.stringify(value.name)} has no \`in\``;
        this.diagnostics.push(
          diagnostic({
            code: 'CG006',
            message: `${problem}: the client could not send it`,
            help: 'Give the parameter a `name` and an `in` of path, query, header or cookie (a body goes in `requestBody`).',
            file: this.file,
            pointer: `${at}/${field}`,
            ...this.source.locate(`${at}/${field}`),
          }),
        );
        return;
      }
      let schema = convertSchema(value.schema, at + '/schema', this.registry.context);
      if (value.schema === undefined && isObject(value.content)) {
        const [mediaType] = Object.keys(value.content);
        const media = (value.content as Json)[mediaType!];
        schema = convertSchema(
          isObject(media) ? media.schema : undefined,
          `${at}/content/${joinPointer([mediaType!]).slice(1)}/schema`,
          this.registry.context,
        );
      }
      out.push({
        name: value.name,
        in: value.in as Parameter['in'],
        required: value.in === 'path' ? true : value.required === true,
        schema,
        ...(typeof value.description === 'string' ? { description: value.description } : {}),
        ...(value.deprecated === true ? { deprecated: true } : {}),
        ...(typeof value.style === 'string' ? { style: value.style } : {}),
        ...(typeof value.explode === 'boolean' ? { explode: value.explode } : {}),
      });
    });
    return out;
  }

  private readContents(raw: unknown, pointer: string): MediaContent[] {
    if (!isObject(raw)) return [];
    return Object.entries(raw).map(([mediaType, media]) => {
      const mediaPointer = pointer + joinPointer([mediaType]);
      const m = isObject(media) ? media : {};
      const encoding = isObject(m.encoding)
        ? Object.entries(m.encoding).map(([property, e]) => ({
            property,
            ...(isObject(e) && typeof e.contentType === 'string' ? { contentType: e.contentType } : {}),
            ...(isObject(e) && typeof e.style === 'string' ? { style: e.style } : {}),
            ...(isObject(e) && typeof e.explode === 'boolean' ? { explode: e.explode } : {}),
          }))
        : undefined;
      return {
        mediaType,
        schema:
          m.schema === undefined
            ? { kind: 'unknown' }
            : convertSchema(m.schema, mediaPointer + '/schema', this.registry.context),
        ...(encoding ? { encoding } : {}),
      };
    });
  }

  /** Webhooks and callbacks, in the order they are met (callbacks while the operations are read). */
  private readonly hooks: Webhook[] = [];

  /** OpenAPI 3.1 `webhooks`, or `x-webhooks` as GitHub writes them in 3.0. */
  private readWebhooks(): void {
    for (const key of ['webhooks', 'x-webhooks']) {
      const hooks = this.doc[key];
      if (isObject(hooks))
        for (const [name, item] of Object.entries(hooks))
          this.readHook('webhook', name, item, joinPointer([key, name]));
    }
  }

  /** An operation's `callbacks`: each named callback maps expressions to Path Items. */
  private readCallbacks(raw: unknown, operationId: string, pointer: string): void {
    if (!isObject(raw)) return;
    for (const [name, entry] of Object.entries(raw)) {
      const { value, pointer: at } = this.deref(entry, pointer + joinPointer([name]));
      if (!isObject(value)) continue;
      for (const [expression, item] of Object.entries(value))
        this.readHook('callback', `${operationId} ${name}`, item, at + joinPointer([expression]));
    }
  }

  /** One Path Item the API calls on the user's server: a payload per method. */
  private readHook(kind: Webhook['kind'], name: string, rawItem: unknown, pointer: string): void {
    const { value: item, pointer: itemAt } = this.deref(rawItem, pointer);
    if (!isObject(item)) return;
    for (const method of Object.keys(item).filter((k): k is HttpMethod => (METHODS as string[]).includes(k))) {
      const raw = item[method];
      if (!isObject(raw)) continue;
      const body = this.readRequestBody(raw.requestBody, `${itemAt}/${method}/requestBody`);
      const content = body?.contents.find((c) => /[/+]json\b/i.test(c.mediaType)) ?? body?.contents[0];
      this.hooks.push({
        kind,
        name,
        method,
        ...(typeof raw.summary === 'string' ? { summary: raw.summary } : {}),
        payload: content?.schema ?? { kind: 'unknown' },
        origin: { file: this.file, pointer: `${itemAt}/${method}` },
      });
    }
  }

  private readRequestBody(raw: unknown, pointer: string): RequestBody | undefined {
    if (raw === undefined) return undefined;
    const { value, pointer: at } = this.deref(raw, pointer);
    if (!isObject(value)) return undefined;
    return {
      required: value.required === true,
      ...(typeof value.description === 'string' ? { description: value.description } : {}),
      contents: this.readContents(value.content, at + '/content'),
    };
  }

  private readResponses(raw: unknown, pointer: string): Response[] {
    if (!isObject(raw)) return [];
    return Object.entries(raw).map(([status, entry]) => {
      const { value, pointer: at } = this.deref(entry, pointer + joinPointer([status]));
      const r = isObject(value) ? value : {};
      return {
        status,
        ...(typeof r.description === 'string' ? { description: r.description } : {}),
        contents: this.readContents(r.content, at + '/content'),
      };
    });
  }

  private readSecurity(raw: unknown): SecurityRequirement[] | undefined {
    if (!Array.isArray(raw)) return undefined;
    return raw.filter(isObject).map((req) => ({ schemes: Object.keys(req) }));
  }

  private readSecuritySchemes(components: Json): SecurityScheme[] {
    if (!isObject(components.securitySchemes)) return [];
    return Object.entries(components.securitySchemes).flatMap(([key, raw]) => {
      const { value } = this.deref(raw, joinPointer(['components', 'securitySchemes', key]));
      return isObject(value) ? [toSecurityScheme(key, value)] : [];
    });
  }

  private checkDuplicateIds(operations: Operation[]): void {
    const seen = new Map<string, Operation>();
    for (const op of operations) {
      const first = seen.get(op.operationId);
      if (!first) {
        seen.set(op.operationId, op);
        continue;
      }
      const pointer = op.origin.pointer + '/operationId';
      const pos = this.source.locate(pointer);
      const firstPos = this.source.locate(first.origin.pointer + '/operationId');
      this.diagnostics.push(
        diagnostic({
          code: 'CG008',
          message: `operationId ${JSON.stringify(op.operationId)} is used twice (first at ${this.file}:${firstPos?.line ?? '?'}:${firstPos?.col ?? '?'}); the functions are named apart by tag, else by path`,
          file: this.file,
          pointer,
          ...pos,
        }),
      );
    }
  }
}
