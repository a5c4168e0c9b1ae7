/**
 * An operation's function (`return <call>;` its one statement) as text. The operations modules are shipped as
 * JavaScript with declarations (keyed.ts): their TypeScript is read by the compiler alone and never formatted,
 * so the signature and the call are each written on one line. Where a type does not print on one line
 * (undefined), the function is left to its structure (declarations.ts).
 */
import { docComment, flatType, pad } from './type-layout.js';
import type { TypeTree } from './type-writer.js';

export interface FunctionShape {
  doc?: string;
  name: string;
  parameters: { name: string; type: string; optional?: boolean; initializer?: string }[];
  /** The return type: `<before><type><after>` (`Promise<` ... `>`). */
  returns: { before: string; type: TypeTree; after: string };
  /** The body: `return <callee><<typeArgument>>(<args>);` */
  call: { callee: string; typeArgument: TypeTree; args: string[] };
}

/** A parameter as written: `name: Type`, `name?: Type`, `name: Type = value`. */
function parameterText(p: FunctionShape['parameters'][number]): string {
  return `${p.name}${p.optional ? '?' : ''}: ${p.type}${p.initializer === undefined ? '' : ` = ${p.initializer}`}`;
}

export function functionText(shape: FunctionShape): string | undefined {
  const { returns, call } = shape;
  const typeArgument = flatType(call.typeArgument);
  const result = flatType(returns.type);
  if (typeArgument === undefined || result === undefined) return undefined;
  const signature = `export function ${shape.name}(${shape.parameters.map(parameterText).join(', ')})`;
  return [
    ...docComment(shape.doc, 0, 'jsdoc'),
    `${signature}: ${returns.before}${result}${returns.after} {`,
    `${pad(1)}return ${call.callee}<${typeArgument}>(${call.args.join(', ')});`,
    '}\n',
  ].join('\n');
}
