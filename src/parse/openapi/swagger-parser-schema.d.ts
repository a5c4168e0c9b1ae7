/** swagger-parser's own schema validator (lib/validators/schema.js): the package ships no types for it. */
declare module '@apidevtools/swagger-parser/lib/validators/schema.js' {
  /**
   * Validates a Swagger 2.0 or OpenAPI 3.0/3.1 document against its JSON Schema; throws a SyntaxError whose
   * `details` are ajv's errors when it does not match.
   */
  export default function validateSchema(api: unknown): void;
}
