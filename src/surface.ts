/**
 * The generated package's public surface, as plain data made from the IR (operations, their parameters,
 * bodies and results; schema types; event kinds), kept beside the stamp in `codegen.surface.json`, and the
 * classifier that compares two surfaces: what changed for a caller of the package, and whether it breaks
 * them. It works on the IR's structure, never on a diff of generated text.
 */
import { preferredContent, successResponse } from './ir/media.js';
import { reachableIds } from './ir/resolve.js';
import type { Api, Operation, Schema } from './ir/types.js';

export const SURFACE_FILE = 'codegen.surface.json';

export interface Field {
  required: boolean;
  /** The TypeScript type, as the package declares it. */
  type: string;
}

export interface OperationSurface {
  method: string;
  path: string;
  params: Record<string, Field>;
  body?: Field;
  /** What the call resolves to. */
  result: string;
}

export interface SchemaSurface {
  /** Where callers meet the type: in what they send, in what they receive, or both. */
  use: ('request' | 'response')[];
  /** Objects: their properties. */
  properties?: Record<string, Field>;
  /** Anything else: the type it is. */
  type?: string;
}

export interface Surface {
  version: 1;
  operations: Record<string, OperationSurface>;
  schemas: Record<string, SchemaSurface>;
  /** Event kinds by channel function. */
  events: Record<string, string[]>;
}

/** A schema as the package writes its type: refs by name, unions and intersections flattened to text. */
export function typeText(schema: Schema, names: ReadonlyMap<string, string>): string {
  const inner = (s: Schema): string => {
    const text = typeText(s, names);
    return s.kind === 'union' || s.kind === 'intersection' ? `(${text})` : text;
  };
  let text: string;
  switch (schema.kind) {
    case 'ref':
      text = names.get(schema.target) ?? 'unknown';
      break;
    case 'number':
      text = schema.exact ?? 'number';
      break;
    case 'binary':
      text = 'Blob';
      break;
    case 'literal':
      text = JSON.stringify(schema.value);
      break;
    case 'enum':
      text = schema.values.map((v) => JSON.stringify(v)).join(' | ');
      break;
    case 'array':
      text = `${inner(schema.items)}[]`;
      break;
    case 'tuple':
      text = `[${schema.items.map((i) => typeText(i, names)).join(', ')}]`;
      break;
    case 'object':
      text =
        schema.properties.length === 0
          ? 'object'
          : `{ ${schema.properties.map((p) => `${p.name}${p.required ? '' : '?'}: ${typeText(p.schema, names)}`).join('; ')} }`;
      break;
    case 'union':
      text = schema.members.map(inner).join(' | ');
      break;
    case 'intersection':
      text = schema.members.map(inner).join(' & ');
      break;
    default:
      text = schema.kind;
  }
  return schema.nullable && schema.kind !== 'null' ? `${text} | null` : text;
}

/** The schema of what an operation resolves to, as the emitters choose it. */
function successSchema(op: Operation): Schema | undefined {
  return preferredContent(successResponse(op))?.schema;
}

export function surfaceOf(api: Api): Surface {
  const names = new Map(api.schemas.map((s) => [s.id, s.typeName ?? s.name]));
  const byId = new Map(api.schemas.map((s) => [s.id, s]));
  const operations: Record<string, OperationSurface> = {};
  for (const op of api.operations) {
    const params: Record<string, Field> = {};
    for (const p of op.parameters)
      params[p.propName ?? p.name] = { required: p.required, type: typeText(p.schema, names) };
    const body = op.body?.contents[0];
    const result = successSchema(op);
    operations[op.functionName ?? op.operationId] = {
      method: op.method.toUpperCase(),
      path: op.path,
      params,
      ...(body ? { body: { required: op.body!.required, type: typeText(body.schema, names) } } : {}),
      result: result ? typeText(result, names) : 'void',
    };
  }
  const sent = reachableIds(
    [
      ...api.operations.flatMap((op) => [
        ...op.parameters.map((p) => p.schema),
        ...(op.body?.contents ?? []).map((c) => c.schema),
      ]),
      ...api.channels.flatMap((ch) => ch.sends.map((m) => m.payload)),
    ],
    byId,
  );
  const received = reachableIds(
    [
      ...api.operations.flatMap((op) => op.responses.flatMap((r) => r.contents.map((c) => c.schema))),
      ...api.channels.flatMap((ch) => ch.receives.map((m) => m.payload)),
      ...(api.webhooks ?? []).map((h) => h.payload),
    ],
    byId,
  );
  const schemas: Record<string, SchemaSurface> = {};
  for (const named of api.schemas) {
    const use: SchemaSurface['use'] = [];
    if (sent.has(named.id)) use.push('request');
    if (received.has(named.id)) use.push('response');
    const s = named.schema;
    schemas[named.typeName ?? named.name] =
      s.kind === 'object' && s.properties.length > 0 && !s.nullable
        ? {
            use,
            properties: Object.fromEntries(
              s.properties.map((p) => [p.name, { required: p.required, type: typeText(p.schema, names) }]),
            ),
          }
        : { use, type: typeText(s, names) };
  }
  const events: Record<string, string[]> = {};
  for (const ch of api.channels)
    if (ch.functionName) events[ch.functionName] = [...(ch.discriminator?.values ?? [])].sort();
  return { version: 1, operations, schemas, events };
}

export function surfaceText(surface: Surface, sources: string[]): string {
  const banner = `Generated by codegen from ${sources.join(' and ')}. Do not edit: the package's public surface, which the next run compares its own with to report what changed for callers.`;
  // One entry a line: compact, and an edit to one operation or type changes one line.
  const section = (entries: Record<string, unknown>) =>
    `{\n${Object.entries(entries)
      .map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`)
      .join(',\n')}\n}`;
  return `{"//":${JSON.stringify(banner)},\n"version":1,\n"operations":${section(surface.operations)},\n"schemas":${section(surface.schemas)},\n"events":${section(surface.events)}}\n`;
}

export function readSurface(text: string | undefined): Surface | undefined {
  if (text === undefined) return undefined;
  try {
    const data = JSON.parse(text) as Surface;
    return data.version === 1 ? data : undefined;
  } catch {
    return undefined;
  }
}

type Section = 'operations' | 'schemas' | 'events';

/** The entry lines of a surface text (one entry a line, as `surfaceText` writes it), by section and raw key. */
function entryLines(text: string): Map<Section, Map<string, string>> {
  const sections = new Map<Section, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const line of text.split('\n')) {
    const opened = /^"(operations|schemas|events)":\{$/.exec(line);
    if (opened) sections.set(opened[1] as Section, (current = new Map()));
    else if (line.startsWith('}')) current = undefined;
    else if (current) {
      const entry = line.endsWith(',') ? line.slice(0, -1) : line;
      current.set(entry.slice(0, entry.indexOf('":') + 1), entry);
    }
  }
  return sections;
}

/**
 * What changed between two surface texts (the previous run's file and this run's), or undefined when there
 * is no earlier one to compare with. Only entries whose line differs are parsed and compared, so that an
 * edit to one operation of a large API costs one operation's comparison.
 */
export function surfaceChanges(before: string | undefined, after: string): Change[] | undefined {
  if (before === undefined) return undefined;
  if (before === after) return [];
  if (!before.startsWith('{"//":') || !before.includes('\n"version":1,\n')) {
    // Not in the one-entry-a-line form: compared whole.
    const [a, b] = [readSurface(before), readSurface(after)];
    return a && b ? compareSurfaces(a, b) : undefined;
  }
  const a = entryLines(before);
  const b = entryLines(after);
  const differing = (section: Section) => {
    const olds = a.get(section) ?? new Map<string, string>();
    const news = b.get(section) ?? new Map<string, string>();
    const pick = (lines: Map<string, string>, other: Map<string, string>) =>
      Object.fromEntries(
        [...lines]
          .filter(([key, line]) => other.get(key) !== line)
          .map(([, line]) => Object.entries(JSON.parse(`{${line}}`))[0]!),
      );
    return [pick(olds, news), pick(news, olds)] as const;
  };
  const [oldOps, newOps] = differing('operations');
  const [oldSchemas, newSchemas] = differing('schemas');
  const [oldEvents, newEvents] = differing('events');
  return compareSurfaces(
    { version: 1, operations: oldOps, schemas: oldSchemas, events: oldEvents } as Surface,
    { version: 1, operations: newOps, schemas: newSchemas, events: newEvents } as Surface,
  );
}

export interface Change {
  /** What changed: `operation`, `parameter`, `body`, `result`, `schema`, `property`, `event`. */
  kind: string;
  /** Where: `getWorker`, `getWorker(count)`, `Worker.status`, `streamWorkerEvents: StdOut`. */
  subject: string;
  /** What happened to it, in words. */
  detail: string;
  breaking: boolean;
}

/** The members of a type's top-level union, to tell a widened type from a narrowed one. */
function members(type: string): Set<string> {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < type.length; i++) {
    const c = type[i];
    if (c === '(' || c === '{' || c === '[' || c === '<') depth++;
    else if (c === ')' || c === '}' || c === ']' || c === '>') depth--;
    else if (depth === 0 && type.startsWith(' | ', i)) {
      out.push(type.slice(start, i));
      start = i + 3;
    }
  }
  out.push(type.slice(start));
  return new Set(out);
}

/** How a type changed: `widened` (it accepts more), `narrowed` (fewer) or `changed`. */
export function typeChange(before: string, after: string): 'same' | 'widened' | 'narrowed' | 'changed' {
  if (before === after) return 'same';
  const a = members(before);
  const b = members(after);
  if ([...a].every((m) => b.has(m))) return 'widened';
  if ([...b].every((m) => a.has(m))) return 'narrowed';
  return 'changed';
}

/** A type change's verdict: what the caller sends may widen, what they receive may narrow. */
function typeBreaks(change: 'widened' | 'narrowed' | 'changed', side: 'request' | 'response' | 'both'): boolean {
  if (change === 'changed' || side === 'both') return true;
  return side === 'request' ? change === 'narrowed' : change === 'widened';
}

export function compareSurfaces(before: Surface, after: Surface): Change[] {
  const changes: Change[] = [];
  const add = (kind: string, subject: string, detail: string, breaking: boolean) =>
    changes.push({ kind, subject, detail, breaking });

  const route = (o: OperationSurface) => `${o.method} ${o.path}`;
  // The same method on the same path, whatever its parameters are called, is the same operation renamed.
  const routeKey = (o: OperationSurface) => `${o.method} ${o.path.replace(/\{[^}]*\}/g, '{}')}`;
  const newByRoute = new Map(Object.entries(after.operations).map(([name, o]) => [routeKey(o), name]));
  const renamedTo = new Set<string>();
  for (const [name, old] of Object.entries(before.operations)) {
    const now = after.operations[name];
    if (!now) {
      const renamed = newByRoute.get(routeKey(old));
      if (renamed && !before.operations[renamed]) {
        renamedTo.add(renamed);
        add('operation', name, `renamed to \`${renamed}\` (${route(old)})`, true);
      } else add('operation', name, `removed (${route(old)})`, true);
      continue;
    }
    for (const [param, was] of Object.entries(old.params)) {
      const is = now.params[param];
      const subject = `${name}(${param})`;
      if (!is) add('parameter', subject, 'removed', true);
      else {
        if (was.required !== is.required)
          add('parameter', subject, is.required ? 'now required' : 'now optional', is.required);
        const change = typeChange(was.type, is.type);
        if (change !== 'same')
          add('parameter', subject, `type ${change}: \`${was.type}\` → \`${is.type}\``, typeBreaks(change, 'request'));
      }
    }
    for (const [param, is] of Object.entries(now.params))
      if (!old.params[param])
        add('parameter', `${name}(${param})`, `added, ${is.required ? 'required' : 'optional'}`, is.required);
    if (old.body && !now.body) add('body', name, 'request body removed', true);
    else if (!old.body && now.body)
      add('body', name, `request body added, ${now.body.required ? 'required' : 'optional'}`, now.body.required);
    else if (old.body && now.body) {
      if (!old.body.required && now.body.required) add('body', name, 'request body now required', true);
      const change = typeChange(old.body.type, now.body.type);
      if (change !== 'same')
        add('body', name, `type ${change}: \`${old.body.type}\` → \`${now.body.type}\``, typeBreaks(change, 'request'));
    }
    const change = typeChange(old.result, now.result);
    if (change !== 'same')
      add('result', name, `type ${change}: \`${old.result}\` → \`${now.result}\``, typeBreaks(change, 'response'));
  }
  for (const [name, now] of Object.entries(after.operations))
    if (!before.operations[name] && !renamedTo.has(name)) add('operation', name, `added (${route(now)})`, false);

  for (const [name, old] of Object.entries(before.schemas)) {
    const now = after.schemas[name];
    if (!now) {
      add('schema', name, 'type removed', true);
      continue;
    }
    const side = now.use.length === 2 ? 'both' : now.use[0] === 'request' ? 'request' : 'response';
    const sends = now.use.includes('request');
    const receives = now.use.includes('response') || now.use.length === 0;
    if (old.properties && now.properties) {
      for (const [prop, was] of Object.entries(old.properties)) {
        const is = now.properties[prop];
        const subject = `${name}.${prop}`;
        if (!is) add('property', subject, 'removed', true);
        else {
          if (was.required !== is.required)
            add('property', subject, is.required ? 'now required' : 'now optional', is.required ? sends : receives);
          const change = typeChange(was.type, is.type);
          if (change !== 'same')
            add('property', subject, `type ${change}: \`${was.type}\` → \`${is.type}\``, typeBreaks(change, side));
        }
      }
      for (const [prop, is] of Object.entries(now.properties))
        if (!old.properties[prop])
          add('property', `${name}.${prop}`, `added, ${is.required ? 'required' : 'optional'}`, is.required && sends);
    } else {
      const was = old.type ?? 'object';
      const is = now.type ?? 'object';
      const change = typeChange(was, is);
      if (change !== 'same') add('schema', name, `type ${change}: \`${was}\` → \`${is}\``, typeBreaks(change, side));
    }
  }
  for (const name of Object.keys(after.schemas)) if (!before.schemas[name]) add('schema', name, 'type added', false);

  for (const [channel, kinds] of Object.entries(before.events)) {
    const now = after.events[channel];
    if (!now) continue;
    for (const kind of kinds) if (!now.includes(kind)) add('event', `${channel}: ${kind}`, 'event kind removed', true);
    for (const kind of now) if (!kinds.includes(kind)) add('event', `${channel}: ${kind}`, 'event kind added', false);
  }
  return changes;
}

/** The changes as lines for the terminal: breaking ones first. */
export function reportLines(changes: Change[]): string[] {
  const breaking = changes.filter((c) => c.breaking);
  const head = `${changes.length} change${changes.length === 1 ? '' : 's'} to the package's public surface, ${breaking.length} breaking`;
  const sorted = [...breaking, ...changes.filter((c) => !c.breaking)];
  return [head, ...sorted.map((c) => `  ${c.breaking ? 'BREAKING ' : ''}${c.kind} ${c.subject}: ${c.detail}`)];
}

/** The changes as Markdown, for a pull request comment. */
export function reportMarkdown(changes: Change[], packageName: string): string {
  const breaking = changes.filter((c) => c.breaking).length;
  const lines = [
    `## ${packageName}: ${changes.length} change${changes.length === 1 ? '' : 's'} to the public surface, ${breaking} breaking`,
    '',
  ];
  if (changes.length === 0) return `${lines.join('\n')}No change to what callers of the package see.\n`;
  lines.push('| | change | where | what |', '| --- | --- | --- | --- |');
  for (const c of [...changes.filter((x) => x.breaking), ...changes.filter((x) => !x.breaking)])
    lines.push(
      `| ${c.breaking ? '⚠️ breaking' : ''} | ${c.kind} | \`${c.subject}\` | ${c.detail.replace(/\|/g, '\\|')} |`,
    );
  return `${lines.join('\n')}\n`;
}
