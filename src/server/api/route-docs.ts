import type { FastifySchema } from 'fastify';
import type { z } from 'zod';
import { errorBody, openApiSchema } from './schemas.ts';

const ERRORS = {
  400: 'Refused input: every problem with its path. Nothing was changed.',
  401: 'No admin token, or a wrong one.',
  403: 'A connection lacks the authorization or scope this needs.',
  404: 'Not found.',
  409: 'Clashes with the current state. Nothing was changed.',
  500: 'Internal error; the details are in the server log.',
} as const;

type ErrorStatus = keyof typeof ERRORS;

export interface RouteDoc {
  tag: 'catalog' | 'connections' | 'flows' | 'runs' | 'dead letters';
  summary: string;
  description?: string;
  params?: z.ZodType;
  query?: z.ZodType;
  /** JSON body; `bodyContent` instead when the body may come in several media types. */
  body?: z.ZodType;
  bodyContent?: Record<string, { schema: Record<string, unknown> }>;
  /** Success answers by status: a zod schema, or null for an empty body. */
  ok: Record<number, { schema: z.ZodType | null; description: string }>;
  errors?: ErrorStatus[];
}

/**
 * A route's schema for the OpenAPI document. Request parts are parsed by the handlers with
 * zod (so refusals name their paths), not by Fastify: these schemas document, they do not check.
 */
export function routeSchema(doc: RouteDoc): FastifySchema {
  const response: Record<string, unknown> = {};
  for (const [status, answer] of Object.entries(doc.ok)) {
    response[status] = answer.schema
      ? { ...openApiSchema(answer.schema), description: answer.description }
      : { type: 'null', description: answer.description };
  }
  for (const status of [...(doc.errors ?? []), 401, 500] as ErrorStatus[]) {
    response[status] = { ...openApiSchema(errorBody), description: ERRORS[status] };
  }
  return {
    tags: [doc.tag],
    summary: doc.summary,
    ...(doc.description ? { description: doc.description } : {}),
    ...(doc.params ? { params: openApiSchema(doc.params, 'input') } : {}),
    ...(doc.query ? { querystring: openApiSchema(doc.query, 'input') } : {}),
    ...(doc.body ? { body: openApiSchema(doc.body, 'input') } : {}),
    ...(doc.bodyContent ? { body: { content: doc.bodyContent } } : {}),
    response,
  };
}
