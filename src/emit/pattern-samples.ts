/**
 * Strings that match a schema's `pattern` (and its length bounds), made when the package is generated so that
 * the faker at run time needs no regular-expression inverter: a few per pattern, the same on every run. Made
 * with randexp, each kept only when the regular expression the validators use matches it.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

/** What is used of a randexp instance. */
interface Inverter {
  max: number;
  randInt(low: number, high: number): number;
  gen(): string;
}

// randexp's module is its class (`module.exports =`), which its declarations call the default export. Loaded
// when the first pattern needs samples: a spec without patterns never pays for it.
let RandExp: (new (source: string) => Inverter) | undefined;

/** How many samples a pattern gets, and how many tries at most to find them. */
const SAMPLES = 3;
const TRIES = 24;

/** Numbers in [0, 1), xorshift32 seeded by the pattern's hash: the samples, and the package, are the same every run. */
function seeded(key: string): () => number {
  let state = createHash('sha256').update(key).digest().readUInt32BE(0) || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

/** Samples already made in this process (a large spec repeats its patterns). */
const made = new Map<string, string[]>();

/** Up to three strings matching `pattern` within the lengths given; none when randexp cannot make one. */
export function patternSamples(
  pattern: { source: string; unicode: boolean },
  lengths: { minLength?: number; maxLength?: number } = {},
): string[] {
  const key = JSON.stringify([pattern.source, pattern.unicode, lengths.minLength, lengths.maxLength]);
  const known = made.get(key);
  if (known) return known;
  const samples = make(pattern, lengths);
  made.set(key, samples);
  return samples;
}

function make(
  pattern: { source: string; unicode: boolean },
  lengths: { minLength?: number; maxLength?: number },
): string[] {
  let check: RegExp;
  let maker: Inverter;
  try {
    check = new RegExp(pattern.source, pattern.unicode ? 'u' : '');
    RandExp ??= createRequire(import.meta.url)('randexp') as new (source: string) => Inverter;
    maker = new RandExp(pattern.source);
  } catch {
    return [];
  }
  const next = seeded(pattern.source);
  maker.randInt = (low: number, high: number) => low + Math.floor(next() * (high - low + 1));
  // Unbounded repetitions (`*`, `+`) repeat a few times at most; a minimum length may need more.
  maker.max = Math.max(4, Math.min(64, lengths.minLength ?? 0));
  const found = new Set<string>();
  for (let i = 0; i < TRIES && found.size < SAMPLES; i++) {
    let sample: string;
    try {
      sample = maker.gen();
    } catch {
      return [];
    }
    // A pattern not anchored at its end matches longer strings too: one too short is padded.
    while (lengths.minLength !== undefined && [...sample].length < lengths.minLength) sample += 'x';
    const length = [...sample].length;
    if (lengths.maxLength !== undefined && length > lengths.maxLength) continue;
    if (check.test(sample)) found.add(sample);
  }
  return [...found].sort();
}
