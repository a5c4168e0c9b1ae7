/** Parses one loaded spec with the parser for its kind; each parser (and its dependencies) is loaded on first use. */
import type { Perspective } from '../config.js';
import type { LoadedSource } from '../load/source.js';
import type { AsyncApiResult } from './asyncapi/index.js';
import type { SpecKind } from './cache.js';
import type { OpenApiResult } from './openapi/index.js';

export interface ParseResults {
  openapi: OpenApiResult;
  asyncapi: AsyncApiResult;
}

export interface ParseOptions {
  /** Which side an AsyncAPI document describes. */
  perspective: Perspective;
}

export async function parseSpec<K extends SpecKind>(
  kind: K,
  source: LoadedSource,
  options: ParseOptions,
): Promise<ParseResults[K]> {
  if (kind === 'openapi') {
    const { parseOpenApi } = await import('./openapi/index.js');
    return (await parseOpenApi(source)) as ParseResults[K];
  }
  const { parseAsyncApi } = await import('./asyncapi/index.js');
  return (await parseAsyncApi(source, options.perspective)) as ParseResults[K];
}
