/**
 * The intermediate model: plain data shared by the OpenAPI and AsyncAPI parsers and read by the emitters.
 * No methods, no parser or ts-morph objects. Build values with `factory.ts`.
 */

/** Where a node came from, for diagnostics raised after parsing. */
export interface Origin {
  file: string;
  pointer: string;
}

export interface SchemaCommon {
  description?: string;
  deprecated?: boolean;
  readOnly?: boolean;
  writeOnly?: boolean;
  /** `nullable: true` (3.0) or a `null` in the type list (3.1). */
  nullable?: boolean;
  format?: string;
  /** Spec `default`, `example` etc. kept as JSON for documentation. */
  default?: unknown;
  /** The spec's `example` (or first of `examples`): what fake data answers with where it is valid. */
  example?: unknown;
  /** What the schema asks of a value beyond its type; the validators check it, the types cannot say it. */
  checks?: Checks;
}

/**
 * JSON Schema's validation keywords. Each applies to values of its own JSON type only (a `minLength` says
 * nothing of a number), as in JSON Schema, so a check may sit on a schema of any kind.
 */
export interface Checks {
  minimum?: number;
  maximum?: number;
  /** The bound itself excluded (draft 6 and later's number form; OpenAPI 3.0's boolean form is converted). */
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  /** Lengths count Unicode code points, as JSON Schema does. */
  minLength?: number;
  maxLength?: number;
  /** An ECMAScript regular expression (the parser keeps only one that compiles), matched anywhere in the string. */
  pattern?: { source: string; unicode: boolean };
  minItems?: number;
  maxItems?: number;
  uniqueItems?: true;
  minProperties?: number;
  maxProperties?: number;
}

export type Schema =
  | ({ kind: 'unknown' } & SchemaCommon)
  | ({ kind: 'string' } & SchemaCommon)
  /** `exact`: set by the int64 pass on `int64`/`uint64` integers, delivered as a bigint or a decimal string. */
  /**
   * `acceptsNumber`: set by the read/write pass on exact integers in what the client sends: a `number` is taken
   * too (a safe integer is exact; the runtime refuses one beyond 2^53).
   */
  | ({ kind: 'number'; integer: boolean; exact?: 'bigint' | 'string'; acceptsNumber?: true } & SchemaCommon)
  | ({ kind: 'boolean' } & SchemaCommon)
  | ({ kind: 'null' } & SchemaCommon)
  | ({ kind: 'binary' } & SchemaCommon)
  | ({ kind: 'literal'; value: string | number | boolean | null } & SchemaCommon)
  | ({ kind: 'enum'; values: (string | number | boolean | null)[] } & SchemaCommon)
  /**
   * `loose` (arrays, tuples, objects): the spec gives no `type`, only keywords of this one (`properties`,
   * `items`): a value of another type is valid too, as in JSON Schema.
   */
  | ({ kind: 'array'; items: Schema; loose?: true } & SchemaCommon)
  /** `prefixItems` (3.1) or array-valued `items`: the first `required` elements must be there; `rest` types the others (none: no more). */
  | ({ kind: 'tuple'; items: Schema[]; required: number; rest?: Schema; loose?: true } & SchemaCommon)
  /**
   * `dropped` (set by the read/write pass): every property of the object is read-only or write-only and this
   * shape dropped them all. Its type is `{}`; other keys stay allowed, as the spec allows them.
   */
  | ({
      kind: 'object';
      properties: Property[];
      additional?: Schema | boolean;
      loose?: true;
      dropped?: true;
    } & SchemaCommon)
  /** `exclusive`: `oneOf`, exactly one member matches (without it `anyOf`: at least one). */
  | ({ kind: 'union'; members: Schema[]; discriminator?: Discriminator; exclusive?: true } & SchemaCommon)
  | ({ kind: 'intersection'; members: Schema[] } & SchemaCommon)
  | ({ kind: 'ref'; target: string } & SchemaCommon);

export type SchemaKind = Schema['kind'];

export interface Discriminator {
  property: string;
  /** discriminator value -> named schema id */
  mapping: { value: string; target: string }[];
}

export interface Property {
  name: string;
  required: boolean;
  schema: Schema;
}

/** A schema with a name of its own: a component schema, or one hoisted out of an inline position. */
export interface NamedSchema {
  /** Stable identity: the JSON pointer of a component, or a synthetic path for hoisted schemas. */
  id: string;
  /** The name as the spec gives it (component key), or a name hint made of its position. */
  name: string;
  schema: Schema;
  origin: Origin;
  /** The TypeScript identifier the package exports, set by the naming pass. */
  typeName?: string;
  /**
   * Set by the naming pass when `typeName` is also a runtime export's name: the name the schema is imported
   * under in the package's other modules, which use the runtime's export by its own name.
   */
  localName?: string;
  /**
   * Set by the int64 pass: the schema holds exact integers somewhere (itself or through refs), so it has a
   * shape constant. Not `Schema.exact`, which says how one integer is delivered.
   */
  holdsExact?: true;
  /** Name of the schema's exact-integer shape constant (when `holdsExact`), set by the naming pass. */
  shapeName?: string;
  /** 'component' for spec components, 'inline' for hoisted schemas. */
  source: 'component' | 'inline';
}

export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie';

export interface Parameter {
  name: string;
  in: ParameterLocation;
  required: boolean;
  schema: Schema;
  description?: string;
  deprecated?: boolean;
  style?: string;
  explode?: boolean;
  /** The property name in the generated params object, set by the naming pass. */
  propName?: string;
  /** Set by the wire pass when the runtime's styled query serializer must send it (not plain form + explode). */
  styledQuery?: true;
  /** Set by the wire pass when the runtime's path serializer must send it (label, matrix, arrays, objects). */
  styledPath?: true;
}

export interface MediaContent {
  mediaType: string;
  schema: Schema;
  /** multipart/form-data and form encodings: per-property content types */
  encoding?: { property: string; contentType?: string; style?: string; explode?: boolean }[];
}

export interface RequestBody {
  required: boolean;
  description?: string;
  contents: MediaContent[];
}

export interface Response {
  /** '200', '404', '4XX' or 'default' */
  status: string;
  description?: string;
  contents: MediaContent[];
}

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';

export interface SecurityRequirement {
  /** Names of security schemes that must all be satisfied. */
  schemes: string[];
}

export interface Operation {
  /** The spec's operationId, or one synthesized from method and path. */
  operationId: string;
  method: HttpMethod;
  path: string;
  tags: string[];
  summary?: string;
  description?: string;
  deprecated?: boolean;
  parameters: Parameter[];
  body?: RequestBody;
  responses: Response[];
  /** Alternatives: one of them must be met. Empty list: no auth. */
  security: SecurityRequirement[];
  origin: Origin;
  /** The overlay document that added this operation to the spec, if one did. */
  overlay?: string;
  /** Set by the link pass: this operation upgrades to the WebSocket channel with this id. */
  websocketChannel?: string;
  /** Set by the pagination pass: the operation pages with a cursor. */
  pagination?: Pagination;
  /** Set by the naming pass. */
  functionName?: string;
  paramsTypeName?: string;
  /** Name of the operation's descriptor constant, set by the naming pass. */
  descriptorName?: string;
  /** Module (file stem) the operation is emitted into, set by the naming pass. */
  group?: string;
  /** The name `src/client.ts` imports that module as (`import * as <name>`), set by the naming pass. */
  groupBinding?: string;
  /** What the client does for the operation, set by the resolve pass (the last): everything that prints reads it. */
  resolved?: ResolvedOperation;
}

/**
 * How a call delivers its result: `json`, `text`, `binary` (bytes), `none`, `sse` (an event stream, read event
 * by event) or `subscription` (the route upgrades to a WebSocket: the call opens the linked channel's client).
 */
export type Delivery = 'json' | 'binary' | 'text' | 'none' | 'sse' | 'subscription';

/** How a request body is put on the wire. */
export type BodyEncoding = 'json' | 'multipart' | 'form' | 'text' | 'binary';

/** An operation as the client calls it: each choice the spec leaves open (which body, which result), made once. */
export interface ResolvedOperation {
  /** The request body the client sends: the preferred of the declared media types. */
  body?: {
    mediaType: string;
    schema: Schema;
    required: boolean;
    encoding: BodyEncoding;
    /** The styles the chosen content's Encoding object gives its properties. */
    styles?: Record<string, string>;
  };
  result: {
    delivery: Delivery;
    /** The JSON result, or the schema of each event's data (`sse`); none for text, bytes and nothing. */
    schema?: Schema;
    /** `sse`: whether each event's data is parsed as JSON or kept as text. */
    eventData?: 'json' | 'text';
    /**
     * The success content as the server sends it (every delivery but `none` and `subscription`): its media type
     * and declared schema. What stands in for the server (the mocks) answers with it.
     */
    sent?: { mediaType: string; schema: Schema };
    /**
     * The Accept header the call sends, where it is not the request core's default (JSON, then anything):
     * the media type the result is read from, then anything else the server has; an event stream's alone.
     */
    accept?: string;
  };
  /**
   * The declared errors, one entry a status (`404`; `number` for ranges and `default`): the JSON bodies the spec
   * declares for it, and whether they type it (not when one of its contents is not JSON, or it declares none:
   * its body is then `unknown`).
   */
  errors: { status: string; bodies: Schema[]; typed: boolean }[];
  /** The statuses of the declared error responses, as the spec writes them (`404`, `4XX`, `default`). */
  errorStatuses: string[];
  /** Whether the params argument must be given (a required parameter or body). */
  paramsRequired: boolean;
}

export interface Pagination {
  /** Wire name of the query parameter that takes the cursor. */
  cursorParam: string;
  /** Response property with the next cursor. */
  cursorField: string;
  /** Response property with the page's items. */
  itemsField: string;
  /** Name of the generated async iterator, set by the naming pass. */
  iteratorName?: string;
}

export interface SecurityScheme {
  key: string;
  type: 'http' | 'apiKey' | 'oauth2' | 'openIdConnect' | 'mutualTLS' | 'other';
  scheme?: string;
  in?: 'header' | 'query' | 'cookie';
  paramName?: string;
  description?: string;
}

export interface ServerVariable {
  default?: string;
  enum?: string[];
  description?: string;
}

export interface Server {
  url: string;
  description?: string;
  protocol?: string;
  /** The server's key in the spec (AsyncAPI servers are named). */
  name?: string;
  /** `{variables}` in `url`, with their defaults. */
  variables?: Record<string, ServerVariable>;
}

export interface Message {
  /** Component key, message name or a name derived from the channel. */
  name: string;
  title?: string;
  summary?: string;
  contentType?: string;
  /** Named schema id of the payload (the parser always registers payloads as named schemas). */
  payload: Schema;
  /** Where the payload carries the message's correlation id (from `correlationId: $message.payload#/...`). */
  correlationPath?: string[];
  /** Set by the wire pass: the property that tells this message apart, its schema and its values. */
  tag?: { property: string; schema: Schema; values: string[] };
}

/** A request the client sends and the replies that answer it (an AsyncAPI 3 operation with a `reply`). */
export interface RequestReply {
  /** The operation's id (v3 operation key). */
  operationId: string;
  summary?: string;
  request: Message[];
  replies: Message[];
  /** Set by the wire pass: where request and reply carry the correlation id, and what kind of id it is. */
  correlation?: { request: string[]; reply: string[]; generate: 'number' | 'string' };
  /** Set by the wire pass: the event kinds (discriminator values) of the replies; empty when events have no kinds. */
  replyKinds?: string[];
  /**
   * Set by the wire pass: the property and values that tell this operation's requests from the channel's other
   * messages (what the server, or a mock of it, reads to know what to answer); none when they cannot be told.
   */
  requestTag?: { property: string; values: string[] };
}

/** How the received events of a channel are told apart (set by the wire pass). */
export type EventDiscriminator = { property: string; values: string[] } | { key: true; values: string[] };

/** One socket: everything the client receives and sends on a channel, from the client's side. */
export interface Channel {
  /** The channel's id in the spec (AsyncAPI 3 key; AsyncAPI 2 address); unique. */
  id: string;
  /** The id of the channel's only operation, when the spec gives one (names the function). */
  operationId?: string;
  address: string;
  description?: string;
  summary?: string;
  parameters: Parameter[];
  /** What the client receives from the server (replies included). */
  receives: Message[];
  /** What the client may send (requests included). */
  sends: Message[];
  requests: RequestReply[];
  /** HTTP method of the upgrade request, from the ws binding. */
  method?: string;
  /** `websocket`, or `unsupported` when the channel's servers all speak another protocol (types only). */
  transport: 'websocket' | 'unsupported';
  /** The protocols of the channel's servers, as the spec writes them. */
  protocols: string[];
  /** The channel's WebSocket servers. */
  servers: Server[];
  security: SecurityRequirement[];
  origin: Origin;
  /** Made by the link pass for a `101` route that no AsyncAPI document describes: its events are `unknown`. */
  untyped?: true;
  /** Set by the sockets pass: the ids of the channels the document describes this one socket as. */
  mergedFrom?: string[];
  /** Set by the sockets pass: what a socket of several operations is named by (their common words, its address). */
  nameHint?: string;
  /** Set by the wire pass. */
  discriminator?: EventDiscriminator;
  /** Set by the naming pass. */
  functionName?: string;
  paramsTypeName?: string;
  /** Type name of the union of received messages. */
  eventTypeName?: string;
  /** Type name of the union of messages the client sends. */
  outgoingTypeName?: string;
  /** Type name of the request/reply map. */
  requestsTypeName?: string;
  /** Type name of the subscription or connection the function returns. */
  handleTypeName?: string;
  /** Name of the channel's descriptor constant. */
  specName?: string;
}

/** A request the API sends to the user's server: an OpenAPI 3.1 webhook (or `x-webhooks`), or an operation's callback. */
export interface Webhook {
  kind: 'webhook' | 'callback';
  /** The webhook's name, or `<operationId> <callback name>`. */
  name: string;
  method: HttpMethod;
  summary?: string;
  /** The JSON request body the API sends (unknown when the spec gives none). */
  payload: Schema;
  origin: Origin;
}

export interface ApiInfo {
  title: string;
  version: string;
  description?: string;
}

export interface SpecSources {
  openapi?: string;
  asyncapi?: string;
}

export interface Api {
  info: ApiInfo;
  sources: SpecSources;
  servers: Server[];
  schemas: NamedSchema[];
  operations: Operation[];
  channels: Channel[];
  securitySchemes: SecurityScheme[];
  /** Tag names in spec order, with descriptions. */
  tags: { name: string; description?: string }[];
  /** Webhooks and callbacks: their payload types (OpenAPI). */
  webhooks?: Webhook[];
  /** Which side the AsyncAPI document was read as describing (when there is one). */
  perspective?: 'server' | 'client';
  /**
   * Set by the naming pass: runtime exports whose name a schema took (the spec's names win), with the name
   * the package index exports each of them under instead.
   */
  runtimeAliases?: { name: string; alias: string }[];
  /** AsyncAPI channels no operation uses: message types only, said in the run's summary. */
  unusedChannels?: { id: string; messages: number }[];
  /** Set by the int64 pass when some integer is delivered exactly: as what. */
  exactIntegers?: 'bigint' | 'string';
  /** Set by the resolve pass: the runtime's optional parts the package's operations and channels use. */
  runtimeParts?: { websocket: boolean; eventStreams: boolean; msw?: boolean };
}
