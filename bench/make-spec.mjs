// Writes a synthetic OpenAPI 3.0 spec with N operations (and N/2 schemas) for the scaling benchmark.
import { writeFileSync } from 'node:fs';

export function syntheticSpec(operations) {
  const schemas = {};
  const paths = {};
  const resources = Math.max(1, Math.ceil(operations / 4));
  for (let r = 0; r < resources; r++) {
    const name = `Resource${r}`;
    schemas[name] = {
      type: 'object',
      required: ['id', 'name'],
      properties: {
        id: { type: 'string', format: 'uuid' },
        name: { type: 'string' },
        status: { type: 'string', enum: ['active', 'disabled', 'archived'] },
        tags: { type: 'array', items: { type: 'string' } },
        owner: { $ref: `#/components/schemas/Resource${(r + 1) % resources}Ref` },
        created: { type: 'string', format: 'date-time' },
      },
    };
    schemas[`${name}Ref`] = { type: 'object', properties: { id: { type: 'string' }, href: { type: 'string' } } };
    const tag = `group${r % 20}`;
    const ref = { $ref: `#/components/schemas/${name}` };
    const json = (schema) => ({ 'application/json': { schema } });
    const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
    paths[`/resources${r}`] = {
      get: {
        operationId: `list${name}`,
        tags: [tag],
        parameters: [
          { name: 'cursor', in: 'query', schema: { type: 'string' } },
          { name: 'limit', in: 'query', schema: { type: 'integer' } },
        ],
        responses: {
          200: {
            description: 'ok',
            content: json({
              type: 'object',
              properties: { items: { type: 'array', items: ref }, cursor: { type: 'string' } },
            }),
          },
        },
      },
      post: {
        operationId: `create${name}`,
        tags: [tag],
        requestBody: { required: true, content: json(ref) },
        responses: { 201: { description: 'created', content: json(ref) } },
      },
    };
    paths[`/resources${r}/{id}`] = {
      get: {
        operationId: `get${name}`,
        tags: [tag],
        parameters: [idParam],
        responses: {
          200: { description: 'ok', content: json(ref) },
          404: { description: 'missing', content: json({ type: 'object', properties: { error: { type: 'string' } } }) },
        },
      },
      delete: {
        operationId: `delete${name}`,
        tags: [tag],
        parameters: [idParam],
        responses: { 204: { description: 'deleted' } },
      },
    };
  }
  // Trim to exactly N operations.
  let count = 0;
  for (const item of Object.values(paths)) {
    for (const method of Object.keys(item)) {
      if (count >= operations) delete item[method];
      else count++;
    }
  }
  for (const [p, item] of Object.entries(paths)) if (Object.keys(item).length === 0) delete paths[p];
  return {
    openapi: '3.0.3',
    info: { title: `Synthetic ${operations}`, version: '1.0.0' },
    servers: [{ url: 'http://localhost' }],
    paths,
    components: { schemas },
  };
}

if (process.argv[2]) {
  const n = Number(process.argv[2]);
  writeFileSync(process.argv[3] ?? `synthetic-${n}.json`, JSON.stringify(syntheticSpec(n)));
}
