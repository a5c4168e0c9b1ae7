/**
 * What changed for callers between two surfaces, by structure: operations by route, parameters by name (a
 * path parameter at the same place in the same path is renamed, not removed and added), types schema against
 * schema, property by property, maps by their value type, arrays by their items, unions and enums by member.
 * The verdict depends on the direction: what callers send may widen, what they receive may narrow. Renamed
 * operations (same method and path) and renamed schemas (same structure, or the same properties) are reported
 * as renames. Types are printed for the report by the emitters' own type writer.
 */
import { CodeBlockWriter } from 'ts-morph';
import { writeType } from '../emit/type-writer.js';
import { literal } from '../emit/text.js';
import { declaredOtherKeys, mapSchema } from '../ir/walk.js';
import {
  readSurface,
  SURFACE_VERSION,
  type OperationSurface,
  type ParamSurface,
  type SchemaSurface,
  type Surface,
  type SurfaceType,
} from './model.js';

export interface Change {
  /** What changed: `operation`, `parameter`, `body`, `result`, `schema`, `property`, `event`. */
  kind: string;
  /** Where: `getWorker`, `getWorker(count)`, `Worker.status`, `streamWorkerEvents: StdOut`. */
  subject: string;
  /** What happened to it, in words. */
  detail: string;
  breaking: boolean;
  /** The operations' module (tag) it is in; `schemas` for types, `events` for event kinds. */
  group: string;
}

/** Which side of the calls a type is on: what callers send, what they receive, or both. */
export type Side = 'request' | 'response' | 'both';

/**
 * A type on one line, as the package writes it: named types by their exported names, or as `name` says, and
 * binary values as `binaryType` (the runtime's `BinaryInput`).
 */
export function printType(
  type: SurfaceType,
  name: (typeName: string) => string = (n) => n,
  binaryType = 'BinaryInput',
): string {
  const writer = new CodeBlockWriter({ indentNumberOfSpaces: 2 });
  writeType(writer, type, { typeName: name, binaryType });
  return writer.toString().replace(/\s*\n\s*/g, ' ');
}

/** The members of a type's union, each printed: `A | null` has `A` and `null`, an enum each of its values. */
function members(type: SurfaceType): Map<string, SurfaceType | undefined> {
  const out = new Map<string, SurfaceType | undefined>();
  const visit = (t: SurfaceType): void => {
    if (t.kind === 'union' && !t.discriminator) t.members.forEach(visit);
    else if (t.kind === 'enum') for (const v of t.values) out.set(literal(v), undefined);
    else if (t.kind === 'number' && t.exact && t.acceptsNumber) out.set(t.exact, undefined).set('number', undefined);
    else {
      const { nullable, ...plain } = t;
      void nullable;
      out.set(printType(plain as SurfaceType), plain as SurfaceType);
    }
    if (t.nullable && t.kind !== 'null') out.set('null', undefined);
  };
  visit(type);
  return out;
}

/** The primitive a printed literal member belongs to (`"a"` to `string`), if it is one. */
function primitiveOf(key: string): string | undefined {
  if (/^["']/.test(key)) return 'string';
  if (/^-?\d/.test(key)) return 'number';
  if (key === 'true' || key === 'false') return 'boolean';
  return undefined;
}

/** Whether every value of a member is a value of the type whose members these are. */
function covered(key: string, by: ReadonlyMap<string, unknown>): boolean {
  if (by.has(key) || by.has('unknown')) return true;
  const primitive = primitiveOf(key);
  return primitive !== undefined && by.has(primitive);
}

/** `widened`: every value of the old type is one of the new; `narrowed`: the other way round. */
export function typeChange(before: SurfaceType, after: SurfaceType): 'same' | 'widened' | 'narrowed' | 'changed' {
  if (printType(before) === printType(after)) return 'same';
  const a = members(before);
  const b = members(after);
  const widened = [...a.keys()].every((k) => covered(k, b));
  const narrowed = [...b.keys()].every((k) => covered(k, a));
  if (widened && narrowed) return 'same';
  if (widened) return 'widened';
  if (narrowed) return 'narrowed';
  return 'changed';
}

/** A type change's verdict: what the caller sends may widen, what they receive may narrow. */
function typeBreaks(change: 'widened' | 'narrowed' | 'changed', side: Side): boolean {
  if (change === 'changed' || side === 'both') return true;
  return side === 'request' ? change === 'narrowed' : change === 'widened';
}

const sends = (side: Side) => side !== 'response';
const receives = (side: Side) => side !== 'request';

/** The value type of an object's string keys, as the package declares it; undefined: it has no index signature. */
function indexType(type: Extract<SurfaceType, { kind: 'object' }>): SurfaceType | undefined {
  const additional = declaredOtherKeys(type);
  if (additional === false) return undefined;
  if (additional === true || type.properties.length > 0) return { kind: 'unknown' };
  return additional;
}

/**
 * Each old operation that is still there, by its old name: under the same name, or renamed (the same method on
 * the same path, whatever its parameters are called, under a name the old surface did not have).
 */
function operationPairs(
  before: Record<string, OperationSurface>,
  after: Record<string, OperationSurface>,
): Map<string, { name: string; now: OperationSurface }> {
  const routeKey = (o: OperationSurface) => `${o.method} ${o.path.replace(/\{[^}]*\}/g, '{}')}`;
  const newByRoute = new Map(Object.entries(after).map(([name, o]) => [routeKey(o), name]));
  const pairs = new Map<string, { name: string; now: OperationSurface }>();
  for (const [name, old] of Object.entries(before)) {
    const renamed = after[name] ? name : newByRoute.get(routeKey(old));
    if (renamed && (renamed === name || !before[renamed])) pairs.set(name, { name: renamed, now: after[renamed]! });
  }
  return pairs;
}

/** Compares two surfaces; every row names where it is, what happened, and whether it breaks callers. */
class Comparison {
  readonly changes: Change[] = [];
  /** Renamed schema types, old name to new: refs to them are the same type. */
  readonly renamed = new Map<string, string>();

  add(kind: string, subject: string, detail: string, breaking: boolean, group: string): void {
    this.changes.push({ kind, subject, detail, breaking, group });
  }

  /** A type of the old surface with its refs to renamed types under their new names. */
  renamedType(type: SurfaceType): SurfaceType {
    if (this.renamed.size === 0) return type;
    return mapSchema(type, (node) =>
      node.kind === 'ref' && this.renamed.has(node.target) ? { ...node, target: this.renamed.get(node.target)! } : node,
    );
  }

  /** Compares a type where it is used (`kind` and `subject` name the place): rows for what differs inside it. */
  type(
    at: { kind: string; subject: string; group: string },
    before: SurfaceType,
    after: SurfaceType,
    side: Side,
  ): void {
    const was = this.renamedType(before);
    if (printType(was) === printType(after)) return;
    if (was.kind === 'object' && after.kind === 'object' && !was.nullable === !after.nullable)
      return this.object(at, was, after, side);
    if (was.kind === 'array' && after.kind === 'array' && !was.nullable === !after.nullable)
      return this.type({ ...at, subject: `${at.subject}[]` }, was.items, after.items, side);
    const change = typeChange(was, after);
    if (change === 'same') return;
    // One member each way, both objects (a nullable object, say): compared property by property.
    const [a, b] = [members(was), members(after)];
    const onlyA = [...a].filter(([k]) => !b.has(k));
    const onlyB = [...b].filter(([k]) => !a.has(k));
    if (onlyA.length === 1 && onlyB.length === 1 && onlyA[0]![1]?.kind === 'object' && onlyB[0]![1]?.kind === 'object')
      return this.object(
        at,
        onlyA[0]![1] as Extract<SurfaceType, { kind: 'object' }>,
        onlyB[0]![1] as Extract<SurfaceType, { kind: 'object' }>,
        side,
      );
    this.add(
      at.kind,
      at.subject,
      `type ${change}: \`${printType(before)}\` → \`${printType(after)}\``,
      typeBreaks(change, side),
      at.group,
    );
  }

  object(
    at: { kind: string; subject: string; group: string },
    before: Extract<SurfaceType, { kind: 'object' }>,
    after: Extract<SurfaceType, { kind: 'object' }>,
    side: Side,
  ): void {
    const { group } = at;
    const now = new Map(after.properties.map((p) => [p.name, p]));
    const old = new Map(before.properties.map((p) => [p.name, p]));
    for (const [name, was] of old) {
      const is = now.get(name);
      const subject = `${at.subject}.${name}`;
      if (!is) {
        this.add('property', subject, 'removed', true, group);
        continue;
      }
      if (was.required !== is.required)
        this.add(
          'property',
          subject,
          is.required ? 'now required' : 'now optional',
          is.required ? sends(side) : receives(side),
          group,
        );
      this.type({ kind: 'property', subject, group }, was.schema, is.schema, side);
    }
    for (const [name, is] of now)
      if (!old.has(name))
        this.add(
          'property',
          `${at.subject}.${name}`,
          `added, ${is.required ? 'required' : 'optional'}`,
          is.required && sends(side),
          group,
        );
    const [a, b] = [indexType(before), indexType(after)];
    const subject = `${at.subject}[string]`;
    if (a && b) this.type({ kind: 'property', subject, group }, a, b, side);
    else if (a && !b) this.add('property', subject, 'index signature removed', sends(side), group);
    else if (!a && b) this.add('property', subject, 'index signature added', receives(side), group);
  }

  operations(before: Record<string, OperationSurface>, after: Record<string, OperationSurface>): void {
    const route = (o: OperationSurface) => `${o.method} ${o.path}`;
    const pairs = operationPairs(before, after);
    const renamedTo = new Set<string>();
    for (const [name, old] of Object.entries(before)) {
      const pair = pairs.get(name);
      if (!pair) {
        this.add('operation', name, `removed (${route(old)})`, true, old.group);
        continue;
      }
      if (pair.name !== name) {
        renamedTo.add(pair.name);
        this.add('operation', name, `renamed to \`${pair.name}\` (${route(old)})`, true, pair.now.group);
      }
      this.operation(name, old, pair.now);
    }
    for (const [name, now] of Object.entries(after))
      if (!before[name] && !renamedTo.has(name)) this.add('operation', name, `added (${route(now)})`, false, now.group);
  }

  operation(name: string, old: OperationSurface, now: OperationSurface): void {
    const { group } = now;
    // A path parameter removed and one added at the same place of the path: renamed.
    const position = (o: OperationSurface, p: ParamSurface) =>
      p.in !== 'path'
        ? -1
        : o.path
            .split('/')
            .filter((segment) => segment.includes('{'))
            .findIndex((segment) => segment.includes(`{${p.name}}`));
    const renamedParam = new Map<string, string>();
    for (const [prop, was] of Object.entries(old.params)) {
      if (now.params[prop] || was.in !== 'path') continue;
      const at = position(old, was);
      if (at < 0) continue;
      const match = Object.entries(now.params).find(
        ([newProp, is]) => !old.params[newProp] && is.in === 'path' && position(now, is) === at,
      );
      if (match) renamedParam.set(prop, match[0]);
    }
    const renamedTo = new Set(renamedParam.values());
    for (const [prop, was] of Object.entries(old.params)) {
      const newProp = renamedParam.get(prop) ?? prop;
      const is = now.params[newProp];
      const subject = `${name}(${prop})`;
      if (!is) {
        this.add('parameter', subject, 'removed', true, group);
        continue;
      }
      if (newProp !== prop) this.add('parameter', subject, `renamed to \`${newProp}\``, true, group);
      if (was.required !== is.required)
        this.add('parameter', subject, is.required ? 'now required' : 'now optional', is.required, group);
      this.type({ kind: 'parameter', subject, group }, was.type, is.type, 'request');
    }
    for (const [prop, is] of Object.entries(now.params))
      if (!old.params[prop] && !renamedTo.has(prop))
        this.add(
          'parameter',
          `${name}(${prop})`,
          `added, ${is.required ? 'required' : 'optional'}`,
          is.required,
          group,
        );

    if (old.body && !now.body) this.add('body', name, 'request body removed', true, group);
    else if (!old.body && now.body)
      this.add(
        'body',
        name,
        `request body added, ${now.body.required ? 'required' : 'optional'}`,
        now.body.required,
        group,
      );
    else if (old.body && now.body) {
      if (!old.body.required && now.body.required) this.add('body', name, 'request body now required', true, group);
      if (old.body.mediaType !== now.body.mediaType)
        this.add('body', name, `sent as ${now.body.mediaType}, was ${old.body.mediaType}`, false, group);
      this.type({ kind: 'body', subject: name, group }, old.body.type, now.body.type, 'request');
    }

    if (old.result.delivery !== now.result.delivery)
      this.add('result', name, `returns \`${now.returns}\`, was \`${old.returns}\``, true, group);
    else if (old.result.type && now.result.type)
      this.type({ kind: 'result', subject: name, group }, old.result.type, now.result.type, 'response');
    else if (old.returns !== now.returns)
      this.add('result', name, `returns \`${now.returns}\`, was \`${old.returns}\``, true, group);
  }

  /**
   * Types that went and types that came, paired as renames, one of each: first those of the same structure
   * (refs to renamed types counting as the same), then objects with the same property names, then types found
   * at the same place (the result of the same operation, the same property of the same type, ...). Repeated
   * until no more pair up, since a type that refers to a renamed one only matches once that one is known.
   */
  findRenames(before: Surface, after: Surface): void {
    const gone = Object.keys(before.schemas).filter((name) => !after.schemas[name]);
    const came = new Set(Object.keys(after.schemas).filter((name) => !before.schemas[name]));
    const pair = (olds: Map<string, Set<string>>): boolean => {
      const claims = new Map<string, number>();
      for (const news of olds.values()) for (const n of news) claims.set(n, (claims.get(n) ?? 0) + 1);
      let found = false;
      for (const [o, news] of olds) {
        const [n] = news;
        if (news.size !== 1 || claims.get(n!) !== 1 || this.renamed.has(o) || !came.has(n!)) continue;
        this.renamed.set(o, n!);
        came.delete(n!);
        found = true;
      }
      return found;
    };
    const byKey = (key: (type: SurfaceType) => string | undefined) => (): boolean => {
      const newByKey = new Map<string, string[]>();
      for (const name of came) {
        const k = key(after.schemas[name]!.type);
        if (k !== undefined) newByKey.set(k, [...(newByKey.get(k) ?? []), name]);
      }
      const olds = new Map<string, Set<string>>();
      for (const name of gone.filter((n) => !this.renamed.has(n))) {
        const k = key(this.renamedType(before.schemas[name]!.type));
        const news = k === undefined ? undefined : newByKey.get(k);
        if (news) olds.set(name, new Set(news));
      }
      return pair(olds);
    };
    const samePlace = (): boolean => {
      const olds = new Map<string, Set<string>>();
      const visit = (a: SurfaceType | undefined, b: SurfaceType | undefined): void => {
        if (!a || !b) return;
        if (a.kind === 'ref' && b.kind === 'ref') {
          if (gone.includes(a.target) && came.has(b.target))
            olds.set(a.target, (olds.get(a.target) ?? new Set()).add(b.target));
        } else if (a.kind === 'object' && b.kind === 'object') {
          for (const p of a.properties) visit(p.schema, b.properties.find((q) => q.name === p.name)?.schema);
          if (typeof a.additional === 'object' && typeof b.additional === 'object') visit(a.additional, b.additional);
        } else if (a.kind === 'array' && b.kind === 'array') visit(a.items, b.items);
        else if ((a.kind === 'union' && b.kind === 'union') || (a.kind === 'intersection' && b.kind === 'intersection'))
          if (a.members.length === b.members.length) a.members.forEach((m, i) => visit(m, b.members[i]));
      };
      for (const [name, { now: n }] of operationPairs(before.operations, after.operations)) {
        const o = before.operations[name]!;
        visit(o.result.type, n.result.type);
        visit(o.body?.type, n.body?.type);
        for (const [prop, p] of Object.entries(o.params)) visit(p.type, n.params[prop]?.type);
      }
      for (const [name, old] of Object.entries(before.schemas))
        visit(old.type, after.schemas[this.renamed.get(name) ?? name]?.type);
      return pair(olds);
    };
    const tiers = [
      byKey((type) => printType(type)),
      byKey((type) =>
        type.kind === 'object' && type.properties.length >= 2
          ? type.properties
              .map((p) => p.name)
              .sort()
              .join(',')
          : undefined,
      ),
      samePlace,
    ];
    // After each find, the stricter tiers first again.
    while (tiers.some((tier) => tier()));
  }

  schemas(before: Record<string, SchemaSurface>, after: Record<string, SchemaSurface>): void {
    const group = 'schemas';
    const renamedTo = new Set(this.renamed.values());
    for (const [name, old] of Object.entries(before)) {
      const newName = this.renamed.get(name) ?? name;
      const now = after[newName];
      if (!now) {
        this.add('schema', name, 'type removed', true, group);
        continue;
      }
      if (newName !== name) this.add('schema', name, `renamed to \`${newName}\``, true, group);
      const side: Side = now.use.length === 2 ? 'both' : now.use[0] === 'request' ? 'request' : 'response';
      this.type({ kind: 'schema', subject: newName, group }, old.type, now.type, side);
    }
    for (const name of Object.keys(after))
      if (!before[name] && !renamedTo.has(name)) this.add('schema', name, 'type added', false, group);
  }

  events(before: Record<string, string[]>, after: Record<string, string[]>): void {
    for (const [channel, kinds] of Object.entries(before)) {
      const now = after[channel];
      if (!now) continue;
      for (const kind of kinds)
        if (!now.includes(kind)) this.add('event', `${channel}: ${kind}`, 'event kind removed', true, 'events');
      for (const kind of now)
        if (!kinds.includes(kind)) this.add('event', `${channel}: ${kind}`, 'event kind added', false, 'events');
    }
  }
}

export function compareSurfaces(before: Surface, after: Surface): Change[] {
  const comparison = new Comparison();
  // Renamed types first: the operations that use them compare their refs through the renames.
  comparison.findRenames(before, after);
  comparison.operations(before.operations, after.operations);
  comparison.schemas(before.schemas, after.schemas);
  comparison.events(before.events, after.events);
  return comparison.changes;
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
 * is no earlier one to compare with (or it is of an earlier version). Only entries whose line differs are
 * parsed and compared, so that an edit to one operation of a large API costs one operation's comparison.
 */
export function surfaceChanges(before: string | undefined, after: string): Change[] | undefined {
  if (before === undefined) return undefined;
  if (before === after) return [];
  if (!before.startsWith('{"//":') || !before.includes(`\n"version":${SURFACE_VERSION},\n`)) {
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
    { version: SURFACE_VERSION, operations: oldOps, schemas: oldSchemas, events: oldEvents } as Surface,
    { version: SURFACE_VERSION, operations: newOps, schemas: newSchemas, events: newEvents } as Surface,
  );
}
