import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

/**
 * Request and response validation compiled from the apps' own API descriptions (verbatim
 * copies of `../shared/reference/`), so a simulator checks what the description says and
 * not what our client believes.
 */

export type OpenApiDocument = {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, unknown>; parameters?: Record<string, unknown> };
  [key: string]: unknown;
};

export type JsonSchema = Record<string, unknown>;

export interface SchemaIssue {
  /** Where, e.g. `body.email` or `body` for the whole body. */
  path: string;
  message: string;
}

const documents = new Map<string, OpenApiDocument>();

/** Loads (once per process) a JSON or YAML API description, e.g. a verbatim copy kept beside a sandbox. */
export function loadOpenApiDocument(url: URL): OpenApiDocument {
  const key = url.href;
  const cached = documents.get(key);
  if (cached) return cached;
  const text = readFileSync(url, 'utf8');
  const document = (key.endsWith('.json') ? JSON.parse(text) : parseYaml(text)) as OpenApiDocument;
  documents.set(key, document);
  return document;
}

// ajv-formats is CommonJS; under NodeNext its default export is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

/** An ajv instance that understands OpenAPI 3.0 schema objects (`nullable`, numeric formats, `example`). */
export function createOpenApiAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  for (const format of ['double', 'float', 'int32', 'int64']) ajv.addFormat(format, true);
  return ajv;
}

/**
 * Compiles validators for schemas of one document. `components` are registered under the
 * document's name so `#/components/schemas/X` references resolve; `transform` may rewrite
 * every schema (a documented patch) before it is compiled.
 */
export class OpenApiValidators {
  private readonly ajv = createOpenApiAjv();
  private readonly id: string;

  constructor(
    name: string,
    document: OpenApiDocument,
    private readonly transform: (schema: JsonSchema) => JsonSchema = (schema) => schema,
  ) {
    this.id = `${name}.openapi`;
    const components = this.transform(structuredClone(document.components ?? {}) as JsonSchema);
    this.ajv.addSchema({ $id: this.id, components }, this.id);
  }

  /** A validator for a component schema by name (`SessionDto`). */
  component(name: string): ValidateFunction {
    return this.ajv.compile({ $ref: `${this.id}#/components/schemas/${escapePointer(name)}` });
  }

  /** A validator for an inline schema (one taken from a path); its `$ref`s resolve against this document. */
  inline(schema: unknown): ValidateFunction {
    const rewritten = rewriteRefs(this.transform(structuredClone(schema) as JsonSchema), this.id);
    return this.ajv.compile(rewritten as JsonSchema);
  }
}

/** The JSON schema of an operation's JSON request body, as the document declares it. */
export function requestBodySchema(document: OpenApiDocument, path: string, method: string): unknown {
  const operation = document.paths[path]?.[method] as
    | { requestBody?: { content?: Record<string, { schema?: unknown }> } }
    | undefined;
  if (!operation) throw new Error(`${method.toUpperCase()} ${path} is not in the API description.`);
  return operation.requestBody?.content?.['application/json']?.schema ?? {};
}

/** The JSON schema of an operation's response for a status, as the document declares it. */
export function responseSchema(
  document: OpenApiDocument,
  path: string,
  method: string,
  status = '200',
): unknown {
  const operation = document.paths[path]?.[method] as
    | { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }
    | undefined;
  if (!operation) throw new Error(`${method.toUpperCase()} ${path} is not in the API description.`);
  return operation.responses?.[status]?.content?.['application/json']?.schema ?? {};
}

/** Turns ajv errors into `body.field: message` issues. */
export function schemaIssues(errors: ErrorObject[] | null | undefined, root = 'body'): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const seen = new Set<string>();
  for (const error of errors ?? []) {
    const pointer = error.instancePath
      .split('/')
      .slice(1)
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
    let path = [root, ...pointer].join('.');
    let message = error.message ?? 'is invalid';
    if (error.keyword === 'additionalProperties') {
      path = `${path}.${String(error.params['additionalProperty'])}`;
      message = 'is not a known property';
    } else if (error.keyword === 'required') {
      path = `${path}.${String(error.params['missingProperty'])}`;
      message = 'is required';
    } else if (error.keyword === 'enum') {
      message = `must be one of ${(error.params['allowedValues'] as unknown[]).map(String).join(', ')}`;
    }
    const key = `${path}: ${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ path, message });
  }
  return issues;
}

function escapePointer(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}

function rewriteRefs(value: unknown, id: string): unknown {
  if (Array.isArray(value)) return value.map((item) => rewriteRefs(item, id));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    out[key] =
      key === '$ref' && typeof child === 'string' && child.startsWith('#/')
        ? `${id}${child}`
        : rewriteRefs(child, id);
  }
  return out;
}
