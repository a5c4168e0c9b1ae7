/** Security schemes of both spec kinds -> IR. */
import type { SecurityScheme } from '../ir/types.js';

type Json = Record<string, unknown>;

export function toSecurityScheme(key: string, value: Json): SecurityScheme {
  const type = ['http', 'apiKey', 'oauth2', 'openIdConnect', 'mutualTLS'].includes(value.type as string)
    ? (value.type as SecurityScheme['type'])
    : value.type === 'httpApiKey'
      ? 'apiKey'
      : 'other';
  return {
    key,
    type,
    ...(typeof value.scheme === 'string' ? { scheme: value.scheme.toLowerCase() } : {}),
    ...(value.in === 'header' || value.in === 'query' || value.in === 'cookie' ? { in: value.in } : {}),
    ...(typeof value.name === 'string' ? { paramName: value.name } : {}),
    ...(typeof value.description === 'string' ? { description: value.description } : {}),
  };
}
