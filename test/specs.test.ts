import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { repoRoot, seedsDir } from './helpers.js';

const specs = {
  openapi: path.join(repoRoot, 'specs/golem-cloud.openapi.yaml'),
  asyncapi: path.join(repoRoot, 'specs/golem-worker-connect.asyncapi.yaml'),
};

/** The seeds are the same YAML with every run of whitespace collapsed to one space. */
const collapse = (text: string) => text.trim().split(/\s+/).join(' ');
const seed = (prefix: string) => {
  const file = readdirSync(seedsDir).find((f) => f.startsWith(prefix))!;
  return readFileSync(path.join(seedsDir, file), 'utf8');
};

describe('specs/ transcriptions', () => {
  it.skipIf(!existsSync(seedsDir))('collapse to exactly the seed text', () => {
    expect(collapse(readFileSync(specs.openapi, 'utf8'))).toBe(collapse(seed('001_')));
    expect(collapse(readFileSync(specs.asyncapi, 'utf8'))).toBe(collapse(seed('000_')));
  });

  it('load as the documents the seeds describe', () => {
    const openapi = parse(readFileSync(specs.openapi, 'utf8'));
    expect(openapi.openapi).toBe('3.0.1');
    expect(Object.keys(openapi.components.schemas)).toHaveLength(13);
    const operations = Object.values(openapi.paths as Record<string, Record<string, { operationId: string }>>).flatMap(
      (item) => Object.values(item).map((op) => op.operationId),
    );
    expect(operations).toHaveLength(33);
    expect(new Set(operations).size).toBe(33);
    // Folded descriptions stay folded text (one line, no newlines).
    expect(openapi.info.description).not.toContain('\n');
    expect(openapi.info.description.startsWith('REST API for the Golem durable computing platform.')).toBe(true);
    // Nesting decided by meaning where the flattened seed was ambiguous.
    expect(Object.keys(openapi.components.schemas.ApiDeployment.properties)).toStrictEqual([
      'apiDefinitions',
      'site',
      'createdAt',
    ]);
    expect(
      Object.keys(openapi.components.schemas.ApiDeployment.properties.apiDefinitions.items.properties),
    ).toStrictEqual(['id', 'version']);
    expect(Object.keys(openapi.components.schemas.Plugin.properties)).toStrictEqual([
      'name',
      'version',
      'description',
      'scope',
      'specs',
    ]);
    expect(openapi.components.schemas.InvokeResult.properties.result).toStrictEqual({});

    const asyncapi = parse(readFileSync(specs.asyncapi, 'utf8'));
    expect(asyncapi.asyncapi).toBe('2.6.0');
    expect(asyncapi.channels['/v1/components/{component_id}/workers/{agent_name}/connect'].subscribe.operationId).toBe(
      'streamWorkerEvents',
    );
    expect(Object.keys(asyncapi.components.messages.WorkerEvent.payload.properties)).toStrictEqual([
      'type',
      'timestamp',
      'message',
      'level',
      'context',
    ]);
  });
});
