import { z } from 'zod';

/**
 * Field descriptors are what a form needs to draw an input: derived from the zod
 * schema of an action or trigger, so they can never drift from what is validated.
 */
export type FieldType = 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'array' | 'object' | 'unknown';

export interface FieldDescriptor {
  key: string;
  label: string;
  type: FieldType;
  required: boolean;
  description?: string;
  format?: string;
  options?: Array<string | number>;
  nullable?: boolean;
  /** For arrays: the item's type; for objects: their own fields. */
  items?: FieldType;
  fields?: FieldDescriptor[];
}

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  description?: string;
  title?: string;
  format?: string;
  enum?: Array<string | number>;
  const?: string | number;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
};

export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output' = 'input'): Record<string, unknown> {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
}

export function fieldsOf(schema: z.ZodType): FieldDescriptor[] {
  return fieldsOfJson(jsonSchemaOf(schema) as JsonSchema);
}

function fieldsOfJson(schema: JsonSchema): FieldDescriptor[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([key, prop]) => describe(key, prop, required.has(key)));
}

function describe(key: string, raw: JsonSchema, required: boolean): FieldDescriptor {
  const { schema: prop, nullable } = unwrapNullable(raw);
  const type = typeOf(prop);
  const field: FieldDescriptor = { key, label: prop.title ?? labelOf(key), type, required };
  const description = prop.description ?? raw.description;
  if (description) field.description = description;
  if (prop.format) field.format = prop.format;
  if (nullable) field.nullable = true;
  if (type === 'enum') field.options = prop.enum ?? (prop.const !== undefined ? [prop.const] : []);
  if (type === 'array' && prop.items) field.items = typeOf(unwrapNullable(prop.items).schema);
  if (type === 'object' && prop.properties) field.fields = fieldsOfJson(prop);
  return field;
}

function unwrapNullable(schema: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  const variants = schema.anyOf ?? schema.oneOf;
  if (!variants) return { schema, nullable: false };
  const nonNull = variants.filter((v) => v.type !== 'null');
  if (nonNull.length === 1 && nonNull[0])
    return { schema: nonNull[0], nullable: nonNull.length < variants.length };
  return { schema: {}, nullable: nonNull.length < variants.length };
}

function typeOf(schema: JsonSchema): FieldType {
  if (schema.enum || schema.const !== undefined) return 'enum';
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'string':
    case 'number':
    case 'integer':
    case 'boolean':
    case 'array':
    case 'object':
      return type;
    default:
      return 'unknown';
  }
}

/** `firstName` → "First name", `due_date` → "Due date". */
export function labelOf(key: string): string {
  const words = key
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
