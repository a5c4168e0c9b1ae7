/** Parses one loaded spec with the parser for its kind; each parser (and its dependencies) is loaded on first use. */
import type { LoadedSource } from '../load/source.js';
import type { AsyncApiResult } from './asyncapi/index.js';
import type { SpecKind } from './cache.js';
import type { OpenApiResult } from './openapi/index.js';

export interface ParseResults {
  openapi: OpenApiResult;
  asyncapi: AsyncApiResult;
}

export async function parseSpec<K extends SpecKind>(kind: K, source: LoadedSource): Promise<ParseResults[K]> {
  if (kind === 'openapi') {
    const { parseOpenApi } = await import('./openapi/index.js');
    return (await parseOpenApi(source)) as ParseResults[K];
  }
  const { parseAsyncApi } = await import('./asyncapi/index.js');
  return (await parseAsyncApi(source)) as ParseResults[K];
}
