/**
 * An operation's function in its final form, laid out as prettier lays out the generated code: the signature
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
  /** Each parameter as written: `name: Type`, `name?: Type`, `name: Type = value`. */
  parameters: string[];
  /** The return type: `<before><result><after>` (`Promise<` ... `>`). */
  returns: { before: string; result: TypeTree; after: string };
  /** `return <callee><<result>>(<args>);` */
  call: { callee: string; args: string[] };
}

export function functionText(shape: FunctionShape): string | undefined {
  return attempt(() => {
    const result = flatType(shape.returns.result);
    if (result === undefined) throw new Unknown();
    const returns = `${shape.returns.before}${result}${shape.returns.after}`;
    const head = `export function ${shape.name}(`;
    const signature = `${head}${shape.parameters.join(', ')}): ${returns} {`;
    const lines = [...docComment(shape.doc, 0, 'jsdoc')];
    if (fits(signature)) lines.push(signature);
    else {
      const broken = [head, ...shape.parameters.map((p) => `${pad(1)}${p},`), `): ${returns} {`];
      if (!broken.every(fits)) throw new Unknown();
      lines.push(...broken);
    }
    const callee = `${pad(1)}return ${shape.call.callee}<${result}>(`;
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
