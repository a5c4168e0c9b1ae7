/**
 * The one escaping helper for spec text that lands in generated code. Everything from the spec
 * (descriptions, enum values, property names, examples) goes through here, so none of it can end a
 * comment, a string or a template and become code.
 */
import { isIdentifierName } from '../naming/identifiers.js';

/**
 * Text for inside a JSDoc block: `*\/` cannot close it, line separators become newlines, control characters
 * (but tabs and newlines) are dropped.
 */
export function docText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u2028\u2029]/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/\*\//g, '*\\/')
    .trim();
}

/** A string literal safe anywhere in TypeScript source (JSON quoting plus the two JS line separators). */
export function stringLiteral(value: string): string {
  return JSON.stringify(value)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The same string literal in single quotes where it needs no escape (the style of the README's examples). */
export function singleQuoted(value: string): string {
  return /^[^'\\\u0000-\u001f\u2028\u2029]*$/.test(value) ? `'${value}'` : stringLiteral(value);
}

/** A literal type or value for an enum/const member. */
export function literal(value: string | number | boolean | null): string {
  if (typeof value === 'string') return stringLiteral(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'number';
  return String(value);
}

/** An object property key: bare when it is an identifier, quoted otherwise. */
export function propertyKey(name: string): string {
  return isIdentifierName(name) ? name : stringLiteral(name);
}

/** Lines for a JSDoc comment from optional parts; empty when there is nothing to say. */
export function docLines(parts: (string | undefined | false)[]): string | undefined {
  const text = parts
    .filter((p): p is string => typeof p === 'string' && p.trim() !== '')
    .map(docText)
    .join('\n\n');
  return text === '' ? undefined : text;
}
