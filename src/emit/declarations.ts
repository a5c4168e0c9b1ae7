/**
 * Declarations of types (interfaces, type aliases) and of plain data (constants): in final form where the
 * layout knows the shape (type-layout.ts, function-layout.ts), else as ts-morph structures for prettier to
 * format. Every emitter that declares these gets the same text for the same declaration.
 */
import { StructureKind, type StatementStructures, type WriterFunction } from 'ts-morph';
import { functionText, type FunctionShape } from './function-layout.js';
import { literalText, type LiteralValue } from './literal-writer.js';
import type { FinalText, Statement } from './context.js';
import { propertyKey } from './text.js';
import { aliasText, docComment, interfaceText } from './type-layout.js';
import { writeTree, type MemberTree, type TypeTree } from './type-writer.js';

/** Writes a return type, `<before><type><after>`, for prettier to format. */
export function returnsWriter(returns: FunctionShape['returns']): WriterFunction {
  return (w) => {
    w.write(returns.before);
    writeTree(w, returns.type);
    w.write(returns.after);
  };
}

/** The declaration as a structure (what prettier formats when the layout gives up). */
export function declarationStructure(
  name: string,
  doc: string | undefined,
  body: TypeTree | MemberTree[],
): StatementStructures {
  const docs = doc ? [{ description: doc }] : [];
  if (!Array.isArray(body))
    return { kind: StructureKind.TypeAlias, isExported: true, name, docs, type: (w) => writeTree(w, body) };
  // ts-morph prints an interface's index signature before its properties.
  return {
    kind: StructureKind.Interface,
    isExported: true,
    name,
    docs,
    indexSignatures: body
      .filter((m) => m.name === undefined)
      .map((m) => ({ keyName: 'key', keyType: 'string', returnType: (w) => writeTree(w, m.type) })),
    properties: body
      .filter((m) => m.name !== undefined)
      .map((m) => ({
        name: propertyKey(m.name!),
        hasQuestionToken: m.optional,
        isReadonly: m.readonly,
        docs: m.doc ? [{ description: m.doc }] : [],
        type: (w) => writeTree(w, m.type),
      })),
  };
}

/** `export interface <name> { members }`, or `export type <name> = <type>` when `body` is a type. */
export function typeDeclaration(
  name: string,
  doc: string | undefined,
  body: TypeTree | MemberTree[],
): Statement | FinalText {
  const final = Array.isArray(body)
    ? interfaceText(name, doc, [...body.filter((m) => m.name === undefined), ...body.filter((m) => m.name)])
    : aliasText(name, doc, body);
  return final !== undefined ? { final } : declarationStructure(name, doc, body);
}

/**
 * `[export ]const <name>: <type> = <value>;`, the value on one line. Only the modules shipped as JavaScript
 * declare such data (descriptors, int64 shapes): their TypeScript is read by the check alone and is not
 * formatted, and the compiler prints their JavaScript, so it needs no layout (and no printer) of its own.
 */
export function constDeclaration(
  name: string,
  type: string,
  value: LiteralValue,
  options: { exported?: boolean; doc?: string } = {},
): FinalText {
  const head = `${options.exported ? 'export ' : ''}const ${name}: ${type} = `;
  return { final: [...docComment(options.doc, 0, 'jsdoc'), `${head}${literalText(value)};`].join('\n') + '\n' };
}

/** A parameter as a structure: `name?: Type = value`. */
function parameterStructure(p: FunctionShape['parameters'][number]) {
  return {
    name: p.name,
    type: p.type,
    ...(p.optional ? { hasQuestionToken: true } : {}),
    ...(p.initializer === undefined ? {} : { initializer: p.initializer }),
  };
}

/** An exported function of one `return <call>;` as a structure (what prettier formats when the layout gives up). */
export function functionStructure(shape: FunctionShape): StatementStructures {
  const { returns, call } = shape;
  return {
    kind: StructureKind.Function,
    isExported: true,
    name: shape.name,
    docs: shape.doc ? [{ description: shape.doc }] : [],
    parameters: shape.parameters.map(parameterStructure),
    returnType: returnsWriter(returns),
    statements: [
      (w) => (
        w.write(`return ${call.callee}<`),
        writeTree(w, call.typeArgument),
        w.write(`>(${call.args.join(', ')});`)
      ),
    ],
  };
}

export function functionDeclaration(shape: FunctionShape): Statement | FinalText {
  const final = functionText(shape);
  return final !== undefined ? { final } : functionStructure(shape);
}
