/**
 * Exact-integer shapes: where a JSON value holds `int64`/`uint64` integers that the runtime must read and
 * write without rounding (see templates/runtime/int64.ts). `src/int64.ts` declares one shape per named
 * schema that holds such integers; descriptors refer to them.
 */
import type { Channel, ResolvedOperation, Schema } from '../ir/types.js';
import { banner, createFile, runtimeTypeImport, type EmitContext, type EmittedFiles } from './context.js';
import { constDeclaration } from './declarations.js';
import { Identifier, PackageRef, Thunk, type LiteralValue } from './literal-writer.js';

export const INT64_FILE = 'src/int64.ts';
/** How modules in src/ import it (`./` or `../` before it). */
export const INT64_MODULE = 'int64.js';

/** A shape as the runtime reads it (`Int64Shape`), with named shapes by the name of their constant. */
export interface ShapeNode {
  v?: 'bigint' | 'string';
  p?: Record<string, ShapeNode>;
  e?: ShapeNode;
  of?: string[];
}

function merge(a: ShapeNode | undefined, b: ShapeNode | undefined): ShapeNode | undefined {
  if (!a || !b) return a ?? b;
  const p = { ...a.p };
  for (const [key, node] of Object.entries(b.p ?? {})) p[key] = merge(p[key], node)!;
  const e = merge(a.e, b.e);
  const of = [...new Set([...(a.of ?? []), ...(b.of ?? [])])];
  const v = a.v ?? b.v;
  return {
    ...(v ? { v } : {}),
    ...(Object.keys(p).length > 0 ? { p } : {}),
    ...(e ? { e } : {}),
    ...(of.length > 0 ? { of } : {}),
  };
}

/** Where a schema holds exact integers; undefined when it holds none. */
export function shapeOf(schema: Schema, ctx: EmitContext): ShapeNode | undefined {
  switch (schema.kind) {
    case 'number':
      return schema.exact ? { v: schema.exact } : undefined;
    case 'ref': {
      const named = ctx.schemaById.get(schema.target);
      return named?.holdsExact ? { of: [named.shapeName!] } : undefined;
    }
    case 'object': {
      const p: Record<string, ShapeNode> = {};
      for (const prop of schema.properties) {
        const node = shapeOf(prop.schema, ctx);
        if (node) p[prop.name] = node;
      }
      const e = typeof schema.additional === 'object' ? shapeOf(schema.additional, ctx) : undefined;
      return Object.keys(p).length > 0 || e
        ? { ...(Object.keys(p).length > 0 ? { p } : {}), ...(e ? { e } : {}) }
        : undefined;
    }
    case 'array': {
      const e = shapeOf(schema.items, ctx);
      return e ? { e } : undefined;
    }
    case 'tuple': {
      // Positions by index; the rest (past the listed items) applies to every element.
      const p: Record<string, ShapeNode> = {};
      schema.items.forEach((item, i) => {
        const node = shapeOf(item, ctx);
        if (node) p[String(i)] = node;
      });
      const e = schema.rest ? shapeOf(schema.rest, ctx) : undefined;
      return Object.keys(p).length > 0 || e
        ? { ...(Object.keys(p).length > 0 ? { p } : {}), ...(e ? { e } : {}) }
        : undefined;
    }
    case 'union':
    case 'intersection':
      // Every member's fields: the runtime converts a field only where it holds an integer.
      return schema.members.reduce<ShapeNode | undefined>((acc, m) => merge(acc, shapeOf(m, ctx)), undefined);
    default:
      return undefined;
  }
}

/** The shapes of several schemas (a union of responses) as one. */
export function shapeOfAll(schemas: Schema[], ctx: EmitContext): ShapeNode | undefined {
  return schemas.reduce<ShapeNode | undefined>((acc, s) => merge(acc, shapeOf(s, ctx)), undefined);
}

/** The global function that delivers an exact integer from its digits, by how the package delivers them. */
const DELIVER = { bigint: 'BigInt', string: 'String' } as const;

export function shapeLiteral(node: ShapeNode): LiteralValue {
  return {
    v: node.v && new Identifier(DELIVER[node.v]),
    p: node.p ? Object.fromEntries(Object.entries(node.p).map(([k, n]) => [k, shapeLiteral(n)])) : undefined,
    e: node.e ? shapeLiteral(node.e) : undefined,
    of: node.of?.map((name) => new Thunk(new PackageRef(INT64_MODULE, name))),
  };
}

/** What an operation's descriptor reads and writes exactly: its JSON response, error bodies and body. */
export function operationShapes(
  op: ResolvedOperation,
  json: { response?: Schema; body?: Schema },
  ctx: EmitContext,
): { read?: ShapeNode; readError?: ShapeNode; write?: ShapeNode } {
  const read = json.response ? shapeOf(json.response, ctx) : undefined;
  const readError = shapeOfAll(
    op.errors.flatMap((e) => e.bodies),
    ctx,
  );
  const write = json.body ? shapeOf(json.body, ctx) : undefined;
  return { ...(read ? { read } : {}), ...(readError ? { readError } : {}), ...(write ? { write } : {}) };
}

/** What a channel reads (every message it receives) and writes (every message it sends) exactly. */
export function channelShapes(channel: Channel, ctx: EmitContext): { read?: ShapeNode; write?: ShapeNode } {
  const read = shapeOfAll(
    channel.receives.map((m) => m.payload),
    ctx,
  );
  const write = shapeOfAll(
    channel.sends.map((m) => m.payload),
    ctx,
  );
  return { ...(read ? { read } : {}), ...(write ? { write } : {}) };
}

export function emitInt64Shapes(out: EmittedFiles, ctx: EmitContext, sources: string[]): void {
  const body = ctx.api.schemas
    .filter((named) => named.holdsExact)
    .map((named) =>
      // A schema that is only a ref to another's shape still needs an object of its own. (The shapes it names
      // are constants of this same module: nothing to import.)
      constDeclaration(named.shapeName!, 'Int64Shape', shapeLiteral(shapeOf(named.schema, ctx) ?? {}), {
        exported: true,
        doc: `Where \`${named.typeName!}\` holds exact integers.`,
      }),
    );
  createFile({
    out,
    path: INT64_FILE,
    header: [banner(sources), runtimeTypeImport('int64', ['Int64Shape'], 'src')],
    sections: [body],
  });
}
