import { describe, expect, it } from 'vitest';
import {
  camelCase,
  kebabCase,
  NameScope,
  packageNameFor,
  pascalCase,
  safeIdentifier,
  words,
} from '../src/naming/identifiers.js';

describe('naming', () => {
  it.each([
    ['createComponent', 'createComponent', 'CreateComponent', 'create-component'],
    ['idempotency-key', 'idempotencyKey', 'IdempotencyKey', 'idempotency-key'],
    ['recovery-immediately', 'recoveryImmediately', 'RecoveryImmediately', 'recovery-immediately'],
    ['component_id', 'componentId', 'ComponentId', 'component-id'],
    ['repos/get-content', 'reposGetContent', 'ReposGetContent', 'repos-get-content'],
    ['r#Create', 'rCreate', 'RCreate', 'r-create'],
    ['get /v1/users/{id}', 'getV1UsersId', 'GetV1UsersId', 'get-v1-users-id'],
    ['HTTPServer', 'httpServer', 'HttpServer', 'http-server'],
    ['ApiDefinition', 'apiDefinition', 'ApiDefinition', 'api-definition'],
    ['my.schema name', 'mySchemaName', 'MySchemaName', 'my-schema-name'],
  ])('%s -> %s / %s / %s', (input, camel, pascal, kebab) => {
    expect(camelCase(input)).toBe(camel);
    expect(pascalCase(input)).toBe(pascal);
    expect(kebabCase(input)).toBe(kebab);
  });

  it('splits words on case changes and separators', () => {
    expect(words('WorkerMetadata status')).toStrictEqual(['Worker', 'Metadata', 'status']);
  });

  it('keeps identifiers valid', () => {
    expect(safeIdentifier('delete', 'x')).toBe('delete_');
    expect(safeIdentifier('function', 'x')).toBe('function_');
    expect(safeIdentifier('default', 'x')).toBe('default_');
    expect(safeIdentifier('123abc', 'x')).toBe('_123abc');
    expect(safeIdentifier('', 'fallback')).toBe('fallback');
    expect(safeIdentifier('Record', 'x', 'type')).toBe('Record_');
    expect(safeIdentifier('Record', 'x', 'value')).toBe('Record');
  });

  it('resolves collisions deterministically and case-insensitively', () => {
    const scope = new NameScope(['Client']);
    expect(scope.claim('Client')).toBe('Client2');
    expect(scope.claim('Foo')).toBe('Foo');
    expect(scope.claim('foo')).toBe('foo2');
    expect(scope.claim('Foo')).toBe('Foo3');
  });
});

describe('package names', () => {
  it.each([
    ['Golem Cloud API', 'golem-cloud-client'],
    ["GitHub's official OpenAPI spec + Octokit extension", 'github-official-openapi-spec-client'],
    ['API', 'api-client'],
    ['Schema features (3.1)', 'schema-features-3-1-client'],
  ])('%s -> %s', (title, name) => {
    expect(packageNameFor(title)).toBe(name);
  });
});
