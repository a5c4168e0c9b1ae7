/**
 * An operation's function (`return <call>;` its one statement) in its final form, laid out as prettier lays out
 * the generated code: the signature
 * on one line when it fits, else one parameter a line; the body's one `return` of a call on one line when it
 * fits, else one argument a line. Anything longer than that shape allows (a return type too long for its
 * line, a parameter that does not fit) gives up (undefined), and the function is formatted by prettier.
 * Tested against prettier's output.
 */
import { attempt, docComment, fits, flatType, pad, Unknown } from './type-layout.js';
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
export function parameterText(p: FunctionShape['parameters'][number]): string {
  return `${p.name}${p.optional ? '?' : ''}: ${p.type}${p.initializer === undefined ? '' : ` = ${p.initializer}`}`;
}

/** The return type in one line, or Unknown. */
function returnsText(returns: FunctionShape['returns']): string {
  const type = flatType(returns.type);
  if (type === undefined) throw new Unknown();
  return `${returns.before}${type}${returns.after}`;
}

/** `<head>(params): <returns><end>` on one line when it fits, else one parameter a line (or Unknown). */
function signatureLines(level: number, head: string, parameters: string[], returns: string, end: string): string[] {
  const line = `${pad(level)}${head}(${parameters.join(', ')}): ${returns}${end}`;
  if (fits(line)) return [line];
  const broken = [
    `${pad(level)}${head}(`,
    ...parameters.map((p) => `${pad(level + 1)}${p},`),
    `${pad(level)}): ${returns}${end}`,
  ];
  if (!broken.every(fits)) throw new Unknown();
  return broken;
}

export function functionText(shape: FunctionShape): string | undefined {
  return attempt(() => {
    const typeArgument = flatType(shape.call.typeArgument);
    if (typeArgument === undefined) throw new Unknown();
    const lines = [
      ...docComment(shape.doc, 0, 'jsdoc'),
      ...signatureLines(
        0,
        `export function ${shape.name}`,
        shape.parameters.map(parameterText),
        returnsText(shape.returns),
        ' {',
      ),
    ];
    const callee = `${pad(1)}return ${shape.call.callee}<${typeArgument}>(`;
    const call = `${callee}${shape.call.args.join(', ')});`;
    if (fits(call)) lines.push(call);
    else {
      const broken = [callee, ...shape.call.args.map((a) => `${pad(2)}${a},`), `${pad(1)});`];
      if (!broken.every(fits)) throw new Unknown();
      lines.push(...broken);
    }
    lines.push('}');
    return lines;
  });
}
