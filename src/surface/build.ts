/**
 * The public surface of a package, read off the resolved model: the parameters, body and result each
 * operation's function declares, and the schema types, as the emitters write them (the result's type is
 * printed by the emitters' own `returnTypeWriter`; types keep their structure). Nothing here decides how an
 * operation is called: that is the resolve pass's job.
 */
import { CodeBlockWriter } from 'ts-morph';
import type { EmitContext } from '../emit/context.js';
import { returnTypeWriter } from '../emit/operations.js';
import { reachableIds } from '../ir/resolve.js';
import type { Schema } from '../ir/types.js';
import { mapSchema, schemaPositions, type Direction } from '../ir/walk.js';
import { resolvedOf } from '../passes/resolve.js';
import { SURFACE_VERSION, type OperationSurface, type SchemaSurface, type Surface, type SurfaceType } from './model.js';

/**
 * A schema as the surface keeps it: refs by type name, documentation dropped; in parameters an exact integer
 * takes a `number` too, as the params types declare.
 */
function surfaceType(schema: Schema, names: ReadonlyMap<string, string>, parameter = false): SurfaceType {
  return mapSchema(schema, (node) => {
    const { description, deprecated, default: _default, format, readOnly, writeOnly, ...kept } = node;
    void [description, deprecated, _default, format, readOnly, writeOnly];
    if (kept.kind === 'ref') return { ...kept, target: names.get(kept.target) ?? 'unknown' };
    if (kept.kind === 'number' && kept.exact && parameter) return { ...kept, acceptsNumber: true };
    if (kept.kind === 'union' && kept.discriminator)
      return {
        ...kept,
        discriminator: {
          ...kept.discriminator,
          mapping: kept.discriminator.mapping.map((m) => ({ ...m, target: names.get(m.target) ?? 'unknown' })),
        },
      };
    return kept as Schema;
  });
}

/** The surface of the package the emitters write from `emitContext` (the one they were given). */
export function surfaceOf(emitContext: EmitContext): Surface {
  const { api } = emitContext;
  // Types by the names the package exports them under (not a module's local import names).
  const ctx = { ...emitContext, types: emitContext.declaredTypes };
  const names = new Map(api.schemas.map((s) => [s.id, s.typeName ?? s.name]));
  const operations: Record<string, OperationSurface> = {};
  for (const op of api.operations) {
    const r = resolvedOf(op);
    const writer = new CodeBlockWriter();
    returnTypeWriter(op, ctx)(writer);
    operations[op.functionName ?? op.operationId] = {
      method: op.method.toUpperCase(),
      path: op.path,
      group: op.group ?? '',
      params: Object.fromEntries(
        op.parameters.map((p) => [
          p.propName ?? p.name,
          { name: p.name, in: p.in, required: p.required, type: surfaceType(p.schema, names, true) },
        ]),
      ),
      ...(r.body
        ? { body: { required: r.body.required, mediaType: r.body.mediaType, type: surfaceType(r.body.schema, names) } }
        : {}),
      result: {
        delivery: r.result.delivery,
        ...(r.result.schema && r.result.eventData !== 'text' ? { type: surfaceType(r.result.schema, names) } : {}),
      },
      returns: writer.toString(),
    };
  }
  const byId = new Map(api.schemas.map((s) => [s.id, s]));
  const positions = schemaPositions(api);
  const reached = (test: (direction: Direction) => boolean) =>
    reachableIds(
      positions.filter(({ position }) => test(position.direction)).map(({ schema }) => schema),
      byId,
    );
  const sent = reached((direction) => direction !== 'receive');
  const received = reached((direction) => direction === 'receive');
  const schemas: Record<string, SchemaSurface> = {};
  for (const named of api.schemas) {
    const use: SchemaSurface['use'] = [];
    if (sent.has(named.id)) use.push('request');
    if (received.has(named.id)) use.push('response');
    schemas[named.typeName ?? named.name] = { use, type: surfaceType(named.schema, names) };
  }
  const events: Record<string, string[]> = {};
  for (const ch of api.channels)
    if (ch.functionName) events[ch.functionName] = [...(ch.discriminator?.values ?? [])].sort();
  return { version: SURFACE_VERSION, operations, schemas, events };
}
