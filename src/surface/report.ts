/** The change report: lines for the terminal and Markdown for a pull request, a summary first when it is long. */
import type { Change } from './compare.js';

/** A report longer than this starts with a summary by kind and by group. */
const SUMMARY_FROM = 20;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Breaking changes first, each kept in the order it was found. */
function ordered(changes: Change[]): Change[] {
  return [...changes.filter((c) => c.breaking), ...changes.filter((c) => !c.breaking)];
}

/** How many changes, and how many breaking, by a key; most first, then by name. */
function tally(changes: Change[], key: (c: Change) => string): { name: string; all: number; breaking: number }[] {
  const counts = new Map<string, { name: string; all: number; breaking: number }>();
  for (const c of changes) {
    const entry = counts.get(key(c)) ?? { name: key(c), all: 0, breaking: 0 };
    entry.all++;
    if (c.breaking) entry.breaking++;
    counts.set(entry.name, entry);
  }
  return [...counts.values()].sort((a, b) => b.all - a.all || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** `by kind: property 40 (12 breaking), operation 3 (1 breaking)` and the same by group. */
export function summaryLines(changes: Change[]): string[] {
  if (changes.length < SUMMARY_FROM) return [];
  const line = (label: string, key: (c: Change) => string) =>
    `${label}: ${tally(changes, key)
      .map((t) => `${t.name} ${t.all}${t.breaking > 0 ? ` (${t.breaking} breaking)` : ''}`)
      .join(', ')}`;
  const renames = changes.filter((c) => c.detail.startsWith('renamed to ')).length;
  return [
    line('by kind', (c) => c.kind),
    line('by group', (c) => c.group),
    ...(renames > 0 ? [`${plural(renames, 'rename')} (operations, path parameters and types)`] : []),
  ];
}

/** The changes as lines for the terminal: breaking ones first. */
export function reportLines(changes: Change[]): string[] {
  const breaking = changes.filter((c) => c.breaking);
  const head = `${plural(changes.length, 'change')} to the package's public surface, ${breaking.length} breaking`;
  return [
    head,
    ...summaryLines(changes).map((line) => `  ${line}`),
    ...ordered(changes).map((c) => `  ${c.breaking ? 'BREAKING ' : ''}${c.kind} ${c.subject}: ${c.detail}`),
  ];
}

/** The changes as Markdown, for a pull request comment. */
export function reportMarkdown(changes: Change[], packageName: string): string {
  const breaking = changes.filter((c) => c.breaking).length;
  const lines = [
    `## ${packageName}: ${plural(changes.length, 'change')} to the public surface, ${breaking} breaking`,
    '',
  ];
  if (changes.length === 0) return `${lines.join('\n')}No change to what callers of the package see.\n`;
  const summary = summaryLines(changes);
  if (summary.length > 0) lines.push(...summary.map((line) => `- ${line}`), '');
  lines.push('| | change | where | what |', '| --- | --- | --- | --- |');
  for (const c of ordered(changes))
    lines.push(
      `| ${c.breaking ? '⚠️ breaking' : ''} | ${c.kind} | \`${c.subject}\` | ${c.detail.replace(/\|/g, '\\|')} |`,
    );
  return `${lines.join('\n')}\n`;
}
