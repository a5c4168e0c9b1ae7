/**
 * The validators module (shipped as `src/validators.js` and `.d.ts`, see keyed.ts): a check function per named schema, compiled from the IR into straight-line code (no
 * schema is interpreted at run time), each wrapped as a Standard Schema validator; per-operation and
 * per-channel checks for what has no named type; and the `validation` a client takes to check what it
 * receives and sends. What is checked is what the spec says (the IR's `checks`), of the value as the client
 * delivers it (64-bit integers as it reads them).
 */
import type { Checks, NamedSchema, Schema } from '../ir/types.js';
import { isIdentifierName } from '../naming/identifiers.js';
import { bannerText, type EmitContext, type EmittedFiles } from './context.js';
import { printFinal, typeOnly } from './printed.js';
import { literal, propertyKey, stringLiteral } from './text.js';
import { typeWriter, type TypeContext } from './type-writer.js';
import { RUNTIME, runtimePath, type RuntimeValue } from './runtime-symbols.js';
import { CodeBlockWriter } from 'ts-morph';

export const VALIDATORS_FILE = 'src/validators.ts';

/** Names `Object.prototype` has: such a property is read as an own property only. */
const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

/** At most this many enum values are compared one by one; more go through a set. */
const INLINE_ENUM = 6;

const INT64_RANGE: Record<string, [string, string, string]> = {
  int64: ['-9223372036854775808n', '9223372036854775807n', 'a 64-bit integer'],
  uint64: ['0n', '18446744073709551615n', 'an unsigned 64-bit integer'],
};

type Helper = RuntimeValue<'validate'> | RuntimeValue<'validate-formats'>;

/** The formats checked: the predicate (for a value of any type) and the check of a string of that format. */
const FORMATS: Record<string, [RuntimeValue<'validate-formats'>, RuntimeValue<'validate-formats'>, string]> = {
  uuid: ['isUuid', 'uuid', 'a UUID'],
  'date-time': ['isDateTime', 'dateTime', 'an RFC 3339 date-time'],
  date: ['isDate', 'date', 'an RFC 3339 date'],
  email: ['isEmail', 'email', 'an email address'],
  uri: ['isUri', 'uri', 'an absolute URI'],
};

/** The name of a named schema's check function. */
export function checkName(named: NamedSchema): string {
  return `check${named.typeName!}`;
}

/**
 * Writes the check of one named schema: its function, and the functions and constants of its inline parts,
 * named after it (`checkPet$1`), so that an edit elsewhere renames nothing here.
 */
class CheckWriter {
  readonly statements: string[] = [];
  private count = 0;
  constructor(
    private readonly ctx: EmitContext,
    private readonly used: Set<Helper>,
    private readonly base: string,
  ) {}

  /** Set while the named schema's own node is written: its function takes the base name. */
  private top = false;

  private local(prefix = ''): string {
    if (this.top && prefix === '') {
      this.top = false;
      return this.base;
    }
    return `${this.base}$${prefix}${++this.count}`;
  }

  private use(helper: Helper): string {
    this.used.add(helper);
    return helper;
  }

  private fail(message: string): string {
    return `${this.use('fail')}(e, ${stringLiteral(message)})`;
  }

  /** A function `(v, e) => boolean` with this body (its `x` and `n` declared where it uses them); returns its name. */
  private fn(name: string, body: string[]): string {
    const locals = [
      ...(body.some((line) => line.startsWith('x = ')) ? [`let x${typeOnly(': any')};`] : []),
      ...(body.some((line) => line.includes('; n = e.length;')) ? [`let n${typeOnly(': number')};`] : []),
    ];
    this.statements.push([`function ${name}${SIGNATURE} {`, ...locals, ...body, '}'].join('\n'));
    return name;
  }

  /** The named schema's own function. */
  named(named: NamedSchema): void {
    const schema = named.schema;
    // An object, array, union or intersection is a function of its own: that one is the named check.
    const composite = ['object', 'array', 'tuple', 'union', 'intersection'].includes(schema.kind);
    if (composite && !schema.nullable && (!schema.checks || ['object', 'array', 'tuple'].includes(schema.kind))) {
      this.top = true;
      const expr = this.expr(schema, 'v');
      if (expr === `${this.base}(v, e)`) return;
      this.top = false;
      this.fn(this.base, [`return ${expr};`]);
      return;
    }
    this.fn(this.base, [`return ${this.expr(schema, 'v')};`]);
  }

  /** The name of a function that checks `schema` (a named schema's own, or a new one); none when nothing is checked. */
  standalone(schema: Schema): string | undefined {
    if (schema.kind === 'ref' && !schema.nullable && !schema.checks) {
      const target = this.ctx.schemaById.get(schema.target);
      return target ? checkName(target) : undefined;
    }
    const expr = this.expr(schema, 'v');
    if (expr === 'true') return undefined;
    const call = /^([\w$]+)\(v, e\)$/.exec(expr);
    return call ? call[1]! : this.fn(this.local(), [`return ${expr};`]);
  }

  /** An expression that is true when `x` (a side-effect-free expression) is valid, else records issues. */
  expr(schema: Schema, x: string): string {
    const inner = this.kindExpr(schema, x);
    const nullable = schema.nullable === true && schema.kind !== 'null' && schema.kind !== 'unknown';
    return nullable ? `(${x} === null || ${inner})` : inner;
  }

  private all(parts: string[]): string {
    const real = parts.filter((p) => p !== 'true');
    return real.length === 0 ? 'true' : real.length === 1 ? real[0]! : `(${real.join(' && ')})`;
  }

  private kindExpr(schema: Schema, x: string): string {
    const checks = schema.checks ?? {};
    switch (schema.kind) {
      case 'unknown':
      case 'binary':
        return this.guarded(checks, schema.format, x);
      case 'string': {
        // A string of a known format is one check: the string's and the format's.
        const format = schema.format === undefined ? undefined : FORMATS[schema.format];
        const base = `${this.use(format ? format[1] : 'str')}(${x}, e)`;
        return this.all([base, ...this.stringChecks(checks, undefined, x)]);
      }
      case 'number':
        return this.numberExpr(schema as Extract<Schema, { kind: 'number' }>, x);
      case 'boolean':
        return `${this.use('bool')}(${x}, e)`;
      case 'null':
        return `(${x} === null || ${this.fail('expected null')})`;
      case 'literal':
        return `(${x} === ${literal(schema.value)} || ${this.fail(`expected ${JSON.stringify(schema.value)}`)})`;
      case 'enum':
        return this.all([this.enumExpr(schema.values, x), this.guarded(checks, schema.format, x)]);
      case 'ref': {
        const target = this.ctx.schemaById.get(schema.target);
        const call = target ? `${checkName(target)}(${x}, e)` : 'true';
        return this.all([call, this.guarded(checks, schema.format, x)]);
      }
      case 'array':
      case 'tuple':
        return `${this.arrayFn(schema)}(${x}, e)`;
      case 'object':
        return `${this.objectFn(schema)}(${x}, e)`;
      case 'union':
        return this.all([`${this.unionFn(schema)}(${x}, e)`, this.guarded(checks, schema.format, x)]);
      case 'intersection': {
        const name = this.local();
        const lines = schema.members.map((m, i) =>
          i === 0 ? `let ok = ${this.expr(m, 'v')};` : `ok = ${this.expr(m, 'v')} && ok;`,
        );
        this.fn(name, [...lines, 'return ok;']);
        return this.all([`${name}(${x}, e)`, this.guarded(checks, schema.format, x)]);
      }
    }
  }

  private enumExpr(values: (string | number | boolean | null)[], x: string): string {
    if (values.length === 0) return this.fail('no value is allowed here');
    const shown =
      values
        .slice(0, 10)
        .map((v) => JSON.stringify(v))
        .join(', ') + (values.length > 10 ? ', ...' : '');
    const message = values.length === 1 ? `expected ${shown}` : `expected one of ${shown}`;
    if (values.length <= INLINE_ENUM)
      return `(${values.map((v) => `${x} === ${literal(v)}`).join(' || ')} || ${this.fail(message)})`;
    const set = this.local('values');
    this.statements.push(`const ${set} = new Set${typeOnly('<unknown>')}([${values.map(literal).join(', ')}]);`);
    return `(${set}.has(${x}) || ${this.fail(message)})`;
  }

  /** A value of any type: each check applies to values of its own type only, as in JSON Schema. */
  private guarded(checks: Checks, format: string | undefined, x: string): string {
    const strings = this.stringChecks(checks, format, x);
    const numbers = this.numberChecks(checks, x);
    const arrays = this.arrayChecks(checks, x);
    const objects = this.objectChecks(checks, x);
    return this.all([
      strings.length ? `(typeof ${x} !== 'string' || ${this.all(strings)})` : 'true',
      numbers.length ? `((typeof ${x} !== 'number' && typeof ${x} !== 'bigint') || ${this.all(numbers)})` : 'true',
      arrays.length ? `(!Array.isArray(${x}) || ${this.all(arrays)})` : 'true',
      objects.length
        ? `(typeof ${x} !== 'object' || ${x} === null || Array.isArray(${x}) || ${this.all(objects)})`
        : 'true',
    ]);
  }

  private stringChecks(checks: Checks, format: string | undefined, x: string): string[] {
    const out: string[] = [];
    if (checks.minLength !== undefined && checks.minLength > 0)
      out.push(
        `(${this.use('minLength')}(${x}, ${checks.minLength}) || ${this.fail(`must be at least ${checks.minLength} characters`)})`,
      );
    if (checks.maxLength !== undefined)
      out.push(
        `(${this.use('maxLength')}(${x}, ${checks.maxLength}) || ${this.fail(`must be at most ${checks.maxLength} characters`)})`,
      );
    if (checks.pattern) {
      const name = this.local('pattern');
      const flags = checks.pattern.unicode ? ', "u"' : '';
      this.statements.push(`const ${name} = new RegExp(${stringLiteral(checks.pattern.source)}${flags});`);
      out.push(`(${name}.test(${x}) || ${this.fail(`must match the pattern ${checks.pattern.source}`)})`);
    }
    const known = format === undefined ? undefined : FORMATS[format];
    if (known) out.push(`(${this.use(known[0])}(${x}) || ${this.fail(`expected ${known[2]}`)})`);
    return out;
  }

  /** Bounds and `multipleOf` of `n`, a number or a bigint (mixed comparisons are exact in JavaScript). */
  private numberChecks(checks: Checks, n: string): string[] {
    const out: string[] = [];
    const bound = (op: string, value: number | undefined, words: string) => {
      if (value !== undefined) out.push(`(${n} ${op} ${value} || ${this.fail(`must be ${words} ${value}`)})`);
    };
    bound('>=', checks.minimum, 'at least');
    bound('<=', checks.maximum, 'at most');
    bound('>', checks.exclusiveMinimum, 'greater than');
    bound('<', checks.exclusiveMaximum, 'less than');
    if (checks.multipleOf !== undefined)
      out.push(
        `(${this.use('multipleOf')}(${n}, ${checks.multipleOf}) || ${this.fail(`must be a multiple of ${checks.multipleOf}`)})`,
      );
    return out;
  }

  private numberExpr(schema: Extract<Schema, { kind: 'number' }>, x: string): string {
    const checks = schema.checks ?? {};
    if (schema.exact) {
      // As the client delivers an exact integer: a bigint or a string of digits (sent: a safe integer too).
      const exactTest = schema.exact === 'bigint' ? `typeof ${x} === 'bigint'` : `${this.use('isIntegerString')}(${x})`;
      const test = schema.acceptsNumber ? `${exactTest} || Number.isSafeInteger(${x})` : exactTest;
      const what = `${schema.exact === 'bigint' ? 'a bigint' : 'a string of digits'}${schema.acceptsNumber ? ' or a safe integer' : ''}`;
      const n = schema.exact === 'string' ? `(typeof ${x} === 'string' ? BigInt(${x}) : ${x})` : x;
      const range = schema.format ? INT64_RANGE[schema.format] : undefined;
      // The usual case, a bigint int64 or uint64 as the client reads it, is one shared check.
      if (schema.exact === 'bigint' && !schema.acceptsNumber && range)
        return this.all([
          `${this.use(schema.format === 'uint64' ? 'u64' : 'i64')}(${x}, e)`,
          ...this.numberChecks(checks, n),
        ]);
      return this.all([
        `(${test} || ${this.fail(`expected ${what}`)})`,
        range ? `((${n} >= ${range[0]} && ${n} <= ${range[1]}) || ${this.fail(`expected ${range[2]}`)})` : 'true',
        ...this.numberChecks(checks, n),
      ]);
    }
    const test = `${this.use(schema.integer ? 'int' : 'num')}(${x}, e)`;
    const int32 =
      schema.format === 'int32'
        ? `((${x} >= -2147483648 && ${x} <= 2147483647) || ${this.fail('expected a 32-bit integer')})`
        : 'true';
    return this.all([test, int32, ...this.numberChecks(checks, x)]);
  }

  private arrayChecks(checks: Checks, x: string): string[] {
    const out: string[] = [];
    if (checks.minItems !== undefined && checks.minItems > 0)
      out.push(`(${x}.length >= ${checks.minItems} || ${this.fail(`must have at least ${checks.minItems} items`)})`);
    if (checks.maxItems !== undefined)
      out.push(`(${x}.length <= ${checks.maxItems} || ${this.fail(`must have at most ${checks.maxItems} items`)})`);
    if (checks.uniqueItems) out.push(`(${this.use('uniqueItems')}(${x}) || ${this.fail('items must be unique')})`);
    return out;
  }

  private objectChecks(checks: Checks, x: string): string[] {
    const out: string[] = [];
    if (checks.minProperties !== undefined && checks.minProperties > 0)
      out.push(
        `(Object.keys(${x}).length >= ${checks.minProperties} || ${this.fail(`must have at least ${checks.minProperties} properties`)})`,
      );
    if (checks.maxProperties !== undefined)
      out.push(
        `(Object.keys(${x}).length <= ${checks.maxProperties} || ${this.fail(`must have at most ${checks.maxProperties} properties`)})`,
      );
    return out;
  }

  /**
   * One line that checks a property or an item read into `x` (`x = v.name; n = e.length; if (...) ok = at(...)`),
   * its path key put in front of the issues it records; none when nothing is checked and nothing is required.
   */
  private member(schema: Schema, read: string, key: string, required = false): string | undefined {
    const check = this.expr(schema, 'x');
    const { count, fails } = this.keyed(check, key);
    if (required) {
      const absent = `if (x === undefined) ok = ${this.use('missing')}(e, ${key});`;
      return check === 'true'
        ? `x = ${read}; ${absent}`
        : `x = ${read};${count} ${absent} else if (!${check}) ${fails}`;
    }
    if (check === 'true') return undefined;
    return `x = ${read};${count} if (x !== undefined && !${check}) ${fails}`;
  }

  /** An item's check (`x` is defined: JSON arrays have no holes). */
  private item(schema: Schema, read: string, key: string): string | undefined {
    const check = this.expr(schema, 'x');
    if (check === 'true') return undefined;
    const { count, fails } = this.keyed(check, key);
    return `x = ${read};${count} if (!${check}) ${fails}`;
  }

  /**
   * How a failed check's issues get the key in front of their paths: a check of `x` alone (no generated
   * function called) records one issue at most, the last; one that calls others may record several, all
   * since the count taken before it.
   */
  private keyed(check: string, key: string): { count: string; fails: string } {
    if (/\bcheck[\w$]*\(/.test(check))
      return { count: ' n = e.length;', fails: `ok = ${this.use('at')}(e, n, ${key});` };
    return { count: '', fails: `ok = ${this.use('atLast')}(e, ${key});` };
  }

  private arrayFn(schema: Extract<Schema, { kind: 'array' | 'tuple' }>): string {
    const name = this.local();
    const checks = schema.checks ?? {};
    const counts = [...this.arrayChecks(checks, 'v')];
    const body = [`if (!Array.isArray(v)) return ${schema.loose ? 'true' : this.fail('expected an array')};`];
    if (schema.kind === 'array') {
      body.push(`let ok = ${this.all(counts)};`);
      const item = this.item(schema.items, 'v[i]', 'i');
      if (item) body.push('for (let i = 0; i < v.length; i++) {', item, '}');
    } else {
      const length = [
        schema.required > 0
          ? `(v.length >= ${schema.required} || ${this.fail(`must have at least ${schema.required} items`)})`
          : 'true',
        schema.rest
          ? 'true'
          : `(v.length <= ${schema.items.length} || ${this.fail(`must have at most ${schema.items.length} items`)})`,
      ];
      body.push(`let ok = ${this.all([...length, ...counts])};`);
      schema.items.forEach((item, i) => {
        const line = this.item(item, `v[${i}]`, String(i));
        if (line) body.push(`if (v.length > ${i}) {`, line, '}');
      });
      const rest = schema.rest ? this.item(schema.rest, 'v[i]', 'i') : undefined;
      if (rest) body.push(`for (let i = ${schema.items.length}; i < v.length; i++) {`, rest, '}');
    }
    body.push('return ok;');
    return this.fn(name, body);
  }

  /** `v`'s property `name`: its own value only where `Object.prototype` has the name too. */
  private read(name: string): string {
    if (PROTOTYPE_NAMES.has(name)) return `${this.use('own')}(v, ${stringLiteral(name)})`;
    return isIdentifierName(name) ? `v.${name}` : `v[${stringLiteral(name)}]`;
  }

  private objectFn(schema: Extract<Schema, { kind: 'object' }>): string {
    const name = this.local();
    const body = [
      `if (!${this.use('isRecord')}(v)) return ${schema.loose ? 'true' : this.fail('expected an object')};`,
      `let ok = ${this.all(this.objectChecks(schema.checks ?? {}, 'v'))};`,
    ];
    for (const prop of schema.properties) {
      const line = this.member(prop.schema, this.read(prop.name), stringLiteral(prop.name), prop.required);
      if (line) body.push(line);
    }
    const additional = schema.additional;
    if (additional !== undefined && additional !== true) {
      const known = schema.properties.map((p) => `case ${stringLiteral(p.name)}:`);
      const skip = known.length > 0 ? [`switch (k) { ${known.join(' ')} continue; }`] : [];
      const each = additional === false ? `ok = ${this.use('unexpected')}(e, k);` : this.item(additional, 'v[k]', 'k');
      if (each) body.push('for (const k in v) {', ...skip, each, '}');
    }
    body.push('return ok;');
    return this.fn(name, body);
  }

  private unionFn(schema: Extract<Schema, { kind: 'union' }>): string {
    const name = this.local();
    const body: string[] = [];
    const d = schema.discriminator;
    let rest = schema.members;
    if (d && d.mapping.length > 0) {
      // The tag picks the member; members the mapping does not name are tried as usual.
      const cases = new Map<string, string[]>();
      for (const { value, target } of d.mapping) {
        const named = this.ctx.schemaById.get(target);
        if (named) cases.set(checkName(named), [...(cases.get(checkName(named)) ?? []), value]);
      }
      body.push(`if (typeof v === 'object' && v !== null) switch (${this.read(d.property)}) {`);
      for (const [check, values] of cases)
        body.push(`${values.map((v) => `case ${stringLiteral(v)}:`).join(' ')} return ${check}(v, e);`);
      body.push('}');
      const mapped = new Set(d.mapping.map((m) => m.target));
      rest = schema.members.filter((m) => m.kind !== 'ref' || !mapped.has(m.target));
      if (rest.length === 0) {
        const values = d.mapping.map((m) => JSON.stringify(m.value)).join(', ');
        body.push(`return ${this.fail(`expected an object whose ${d.property} is one of ${values}`)};`);
        return this.fn(name, body);
      }
    }
    const message = `expected ${rest.map((m) => this.describe(m)).join(' or ')}`;
    body.push('const start = e.length;');
    if (schema.exclusive && rest.length > 1) {
      // oneOf: exactly one member may match.
      body.push('let matched = 0;');
      for (const member of rest) body.push(`if (${this.expr(member, 'v')}) matched++;`);
      body.push(
        'e.length = start;',
        'if (matched === 1) return true;',
        `return ${this.use('fail')}(e, matched === 0 ? ${stringLiteral(message)} : ${stringLiteral(`expected exactly one of ${rest.map((m) => this.describe(m)).join(', ')}, but it matches several`)});`,
      );
    } else {
      for (const member of rest) body.push(`if (${this.expr(member, 'v')}) { e.length = start; return true; }`);
      body.push('e.length = start;', `return ${this.fail(message)};`);
    }
    return this.fn(name, body);
  }

  /** A short description of what a schema admits, for a union's message. */
  private describe(schema: Schema): string {
    const base = ((): string => {
      switch (schema.kind) {
        case 'ref': {
          const target = this.ctx.schemaById.get(schema.target);
          return target ? target.typeName! : 'a value';
        }
        case 'string':
          return 'a string';
        case 'number':
          return schema.integer ? 'an integer' : 'a number';
        case 'boolean':
          return 'a boolean';
        case 'null':
          return 'null';
        case 'literal':
          return JSON.stringify(schema.value);
        case 'enum':
          return schema.values.map((v) => JSON.stringify(v)).join(' or ');
        case 'array':
        case 'tuple':
          return 'an array';
        case 'object':
          return 'an object';
        default:
          return 'a value of another shape';
      }
    })();
    return schema.nullable && schema.kind !== 'null' ? `${base} or null` : base;
  }
}

/** Types as this module writes them: every schema type through the `T` namespace import. */
export function validatorTypes(ctx: EmitContext): TypeContext {
  return { typeName: (id) => `T.${ctx.schemaById.get(id)?.typeName ?? 'unknown'}`, binaryType: 'unknown' };
}

export function emitValidators(out: EmittedFiles, ctx: EmitContext, sources: string[]): void {
  const used = new Set<Helper>(['standard', 'createValidation']);
  const types = validatorTypes(ctx);
  const blocks: string[] = [];
  const entries: Entry[] = [];
  for (const named of ctx.api.schemas) {
    const writer = new CheckWriter(ctx, used, checkName(named));
    writer.named(named);
    blocks.push(...writer.statements);
    entries.push({ key: named.typeName!, check: checkName(named), type: `T.${named.typeName!}` });
  }

  // Operations and channels: their values' checks, inline where they have no named schema of their own.
  const inline = new CheckWriter(ctx, used, 'checkValue');
  const check = (schema: Schema | undefined): string | undefined => (schema ? inline.standalone(schema) : undefined);
  const responses: Entry[] = [];
  const operationChecks: string[] = [];
  for (const op of ctx.api.operations) {
    const resolved = op.resolved!;
    const fields: string[] = [];
    const body = resolved.body && resolved.body.encoding !== 'binary' ? check(resolved.body.schema) : undefined;
    if (body) fields.push(`body: ${body}`);
    const { delivery, schema: result, eventData } = resolved.result;
    // A JSON result, or the data of each event of a JSON event stream.
    const resultCheck =
      result && (delivery === 'json' || (delivery === 'sse' && eventData === 'json')) ? check(result) : undefined;
    if (resultCheck) {
      fields.push(`${delivery === 'sse' ? 'events' : 'result'}: ${resultCheck}`);
      responses.push({ key: op.functionName!, check: resultCheck, type: typeWriterText(result!, types) });
    }
    const errors = resolved.errors.flatMap((error) => {
      if (!error.typed || error.bodies.length === 0) return [];
      const schema: Schema = error.bodies.length === 1 ? error.bodies[0]! : { kind: 'union', members: error.bodies };
      const c = check(schema);
      return c ? [`${stringLiteral(error.status)}: ${c}`] : [];
    });
    if (errors.length > 0) fields.push(`errors: { ${errors.join(', ')} }`);
    if (fields.length > 0) operationChecks.push(`${propertyKey(op.operationId)}: { ${fields.join(', ')} },`);
  }
  const events: Entry[] = [];
  const channelChecks: string[] = [];
  for (const channel of ctx.api.channels) {
    if (channel.untyped || !channel.functionName) continue;
    const union = (messages: { payload: Schema }[]): Schema | undefined =>
      messages.length <= 1 ? messages[0]?.payload : { kind: 'union', members: messages.map((m) => m.payload) };
    const receive = union(channel.receives);
    const receiveCheck = check(receive);
    const sendCheck = check(union(channel.sends));
    const fields = [
      ...(receiveCheck ? [`receive: ${receiveCheck}`] : []),
      ...(sendCheck ? [`send: ${sendCheck}`] : []),
    ];
    // By the channel's function name, the id its client reports.
    if (fields.length > 0) channelChecks.push(`${propertyKey(channel.functionName)}: { ${fields.join(', ')} },`);
    if (receiveCheck)
      events.push({ key: channel.functionName, check: receiveCheck, type: typeWriterText(receive!, types) });
  }
  blocks.push(...inline.statements);

  const example = ctx.api.schemas[0]?.typeName ?? 'Name';
  const maps: ExportedMap[] = [
    {
      name: 'validators',
      type: 'Validators',
      doc: `A Standard Schema validator for each schema type, by its name: \`validators.${example}['~standard'].validate(value)\`.`,
      entries,
    },
    {
      name: 'responses',
      type: 'Responses',
      doc: "The success result of each operation with a JSON result (each event's data for an event stream), by function name.",
      entries: responses,
    },
    {
      name: 'events',
      type: 'Events',
      doc: "What each channel's subscription receives, by function name.",
      entries: events,
    },
  ];
  const validationDoc = [
    '/**',
    " * What a client checks with `createClient({ validate: 'warn' | 'throw', validation })`: response and error",
    " * bodies, received events, and (with `'throw'`) request bodies and sent messages.",
    ' */',
  ].join('\n');
  for (const map of maps) blocks.push(typeOnly(mapType(map)), mapValue(map));
  blocks.push(
    [
      validationDoc,
      `export const validation${typeOnly(': Validation')} = createValidation(`,
      '{',
      ...operationChecks,
      '},',
      '{',
      ...channelChecks,
      '},',
      ');',
    ].join('\n'),
  );

  const helpers = [...used].sort();
  const runtime = helpers.filter(isValidateHelper);
  const formats = helpers.filter((h) => !isValidateHelper(h));
  const header = [
    `// ${bannerText(sources)}`,
    `import { ${runtime.join(', ')} } from '${runtimePath('validate', 'src')}';`,
    ...(formats.length > 0
      ? [`import { ${formats.join(', ')} } from '${runtimePath('validate-formats', 'src')}';`]
      : []),
    typeOnly(typeImports),
  ];
  const declarations = [
    [`// ${bannerText(sources)}`, typeImports].join('\n'),
    ...maps.flatMap((map) => [mapType(map), `/** ${map.doc} */\nexport declare const ${map.name}: ${map.type};`]),
    `${validationDoc}\nexport declare const validation: Validation;`,
  ];
  // Printed in its final form: code this size is not worth prettier's time nor the compiler's memory (a
  // large spec's validators are megabytes); the printer indents it as prettier would.
  printFinal(out, VALIDATORS_FILE, [header.join('\n'), ...blocks], declarations);
}

/** The type imports of the validators module (its declarations use them too). */
const typeImports = [
  `import type { Issue, StandardSchemaV1, Validation } from '${runtimePath('validate', 'src')}';`,
  `import type * as T from './schemas.js';`,
].join('\n');

/** A check function's parameters and result. */
const SIGNATURE = `(v${typeOnly(': any')}, e${typeOnly(': Issue[]')})${typeOnly(': boolean')}`;

/** One entry of an exported map of Standard Schemas. */
interface Entry {
  key: string;
  check: string;
  type: string;
}

/** An exported map of Standard Schemas: `validators`, `responses` or `events`. */
interface ExportedMap {
  name: string;
  type: string;
  doc: string;
  entries: Entry[];
}

/**
 * `export interface <Type> { readonly key: StandardSchemaV1<type>; ... }`: declared, since declarations are
 * written file by file and such an object's type is too long to infer.
 */
function mapType(map: ExportedMap): string {
  return [
    `/** The type of {@link ${map.name}}. */`,
    `export interface ${map.type} {`,
    ...map.entries.map((e) => `readonly ${propertyKey(e.key)}: StandardSchemaV1<${e.type}>;`),
    '}',
  ].join('\n');
}

/** `export const <name>: <Type> = { key: standard(check), ... };` */
function mapValue(map: ExportedMap): string {
  return [
    `/** ${map.doc} */`,
    `export const ${map.name}${typeOnly(`: ${map.type}`)} = {`,
    ...map.entries.map((e) => `${propertyKey(e.key)}: standard(${e.check}),`),
    '};',
  ].join('\n');
}

function isValidateHelper(helper: string): boolean {
  return (RUNTIME.validate.values as readonly string[]).includes(helper);
}

/** A type as text (the `T.` names of this module). */
export function typeWriterText(schema: Schema, types: TypeContext): string {
  const writer = new CodeBlockWriter();
  typeWriter(schema, types)(writer);
  return writer.toString();
}
