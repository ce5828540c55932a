import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { flowDocument, parseFlowText } from '../../flows/definition.ts';
import { ValidationError } from '../../kernel/errors.ts';
import type { Runtime } from '../runtime.ts';
import { conflict } from './errors.ts';
import { testStoredFlow, testUnsavedFlow } from './flow-testing.ts';
import { routeSchema } from './route-docs.ts';
import {
  documentTestRequest,
  exportQuery,
  flowView,
  idParams,
  openApiSchema,
  parseRequest,
  testRequest,
  testResult,
} from './schemas.ts';
import { flowOf } from './views.ts';

export const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];

const documentBody = {
  'application/json': { schema: openApiSchema(flowDocument, 'input') },
  'application/yaml': { schema: { type: 'string', description: 'The flow document as YAML (or JSON) text' } },
};

/** A flow document from a JSON body, or from YAML/JSON text. */
function documentFrom(body: unknown): unknown {
  if (typeof body === 'string') return parseFlowText(body);
  if (body === undefined || body === null) {
    throw new ValidationError('flow document', [
      { path: '', message: 'is missing: send it as JSON, or as YAML with content-type application/yaml' },
    ]);
  }
  return body;
}

export function flowRoutes(api: FastifyInstance, runtime: Runtime): void {
  const { flows } = runtime.repos;
  const idOf = (params: unknown) => parseRequest(idParams, params, 'params').id;

  api.get(
    '/flows',
    {
      schema: routeSchema({
        tag: 'flows',
        summary: 'List flows',
        ok: { 200: { schema: z.array(flowView), description: 'The flows, by name' } },
      }),
    },
    async () => (await flows.list()).map(flowOf),
  );

  api.get(
    '/flows/:id',
    {
      schema: routeSchema({
        tag: 'flows',
        summary: 'One flow, by id or name',
        params: idParams,
        ok: { 200: { schema: flowView, description: 'The flow' } },
        errors: [404],
      }),
    },
    async (request) => flowOf(await flows.get(idOf(request.params))),
  );

  api.post(
    '/flows',
    {
      schema: routeSchema({
        tag: 'flows',
        summary: 'Create a flow, or replace the flow of the same name',
        description:
          'Everything is checked before anything is stored: trigger, actions, connections, fields and expressions. `enabled` in the document decides whether it runs.',
        bodyContent: documentBody,
        ok: {
          200: { schema: flowView, description: 'Replaced the flow of that name' },
          201: { schema: flowView, description: 'Created' },
        },
        errors: [400],
      }),
    },
    async (request, reply) => {
      const document = documentFrom(request.body);
      const name = (document as { name?: unknown }).name;
      const existing = typeof name === 'string' ? await flows.find(name) : undefined;
      const saved = await runtime.flows.save(document);
      return reply
        .code(existing ? 200 : 201)
        .header('location', `/api/flows/${saved.id}`)
        .send(flowOf(saved));
    },
  );

  api.put(
    '/flows/:id',
    {
      schema: routeSchema({
        tag: 'flows',
        summary: 'Replace a flow (its name may change)',
        params: idParams,
        bodyContent: documentBody,
        ok: { 200: { schema: flowView, description: 'Replaced' } },
        errors: [400, 404, 409],
      }),
    },
    async (request) => {
      const current = await flows.get(idOf(request.params));
      const document = documentFrom(request.body);
      const name = (document as { name?: unknown }).name;
      const holder = typeof name === 'string' ? await flows.find(name) : undefined;
      if (holder && holder.id !== current.id) {
        throw conflict(`Another flow is already named "${holder.name}". Nothing was changed.`);
      }
      return flowOf(await runtime.flows.save(document, { id: current.id }));
    },
  );

  api.get(
    '/flows/:id/export',
    {
      schema: routeSchema({
        tag: 'flows',
        summary: 'The flow document as JSON or YAML, ready to import elsewhere',
        params: idParams,
        query: exportQuery,
        ok: {
          200: { schema: z.string(), description: 'The document (application/json or application/yaml)' },
        },
        errors: [400, 404],
      }),
    },
    async (request, reply) => {
      const { format } = parseRequest(exportQuery, request.query, 'query');
      const text = await runtime.flows.export(idOf(request.params), format);
      return reply.type(format === 'yaml' ? 'application/yaml' : 'application/json').send(text);
    },
  );

  for (const [verb, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    api.post(
      `/flows/:id/${verb}`,
      {
        schema: routeSchema({
          tag: 'flows',
          summary: enabled ? 'Switch a flow on (re-checked first)' : 'Switch a flow off',
          params: idParams,
          ok: { 200: { schema: flowView, description: enabled ? 'Enabled' : 'Disabled' } },
          errors: enabled ? [400, 404] : [404],
        }),
      },
      async (request) => flowOf(await runtime.flows.setEnabled(idOf(request.params), enabled)),
    );
  }

  api.delete(
    '/flows/:id',
    {
      schema: routeSchema({
        tag: 'flows',
        summary: 'Delete a flow (its run history stays)',
        params: idParams,
        ok: { 204: { schema: null, description: 'Deleted' } },
        errors: [404],
      }),
    },
    async (request, reply) => {
      const flow = await flows.get(idOf(request.params));
      await flows.remove(flow.id);
      return reply.code(204).send();
    },
  );

  api.post(
    '/flows/:id/test',
    {
      schema: routeSchema({
        tag: 'flows',
        summary: 'Run a saved flow on a sample, without recording a run',
        description:
          'dry-run: reads are sent, writes are only shown (method, path, body). live: everything is sent; meant for sandbox connections.',
        params: idParams,
        body: testRequest,
        ok: { 200: { schema: testResult, description: 'What each step did or would do' } },
        errors: [400, 404],
      }),
    },
    async (request) => {
      const options = parseRequest(testRequest, request.body, 'body');
      return testStoredFlow(runtime, idOf(request.params), options);
    },
  );

  api.post(
    '/flows/test',
    {
      schema: routeSchema({
        tag: 'flows',
        summary: 'Check and run an unsaved flow document on a sample',
        body: documentTestRequest,
        ok: { 200: { schema: testResult, description: 'What each step did or would do' } },
        errors: [400],
      }),
    },
    async (request) => {
      const { flow, ...options } = parseRequest(documentTestRequest, request.body, 'body');
      return testUnsavedFlow(runtime, flow, options);
    },
  );
}
