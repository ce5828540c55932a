import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import {
  ApiError,
  AuthError,
  BridgeError,
  NetworkError,
  NotFoundError,
  OutcomeUnknownError,
  ValidationError,
} from '../../kernel/errors.ts';

/** The body of every API error: `issues` only for refused input. */
export interface ApiErrorBody {
  error: string;
  code: string;
  message: string;
  issues?: Array<{ path: string; message: string }>;
}

/** The request clashes with the current state (answered 409); nothing was changed. */
export function conflict(message: string): BridgeError {
  return new BridgeError('conflict', message);
}

export function describeError(error: unknown, requestId: string): { status: number; body: ApiErrorBody } {
  if (error instanceof ValidationError) {
    return { status: 400, body: { ...bodyOf(error), issues: error.issues } };
  }
  if (error instanceof NotFoundError) return { status: 404, body: bodyOf(error) };
  // The admin token was accepted already: an AuthError here is about a connection's rights.
  if (error instanceof AuthError) return { status: 403, body: bodyOf(error) };
  if (error instanceof BridgeError && error.code === 'conflict') return { status: 409, body: bodyOf(error) };
  if (error instanceof ApiError || error instanceof NetworkError || error instanceof OutcomeUnknownError) {
    return { status: 502, body: bodyOf(error) };
  }
  const status = (error as Partial<FastifyError>).statusCode;
  if (!(error instanceof BridgeError) && typeof status === 'number' && status >= 400 && status < 500) {
    // Fastify's own refusals (malformed JSON, unsupported media type, body too large).
    return {
      status,
      body: { error: 'BadRequest', code: 'request', message: (error as Error).message },
    };
  }
  return {
    status: 500,
    body: {
      error: 'InternalError',
      code: 'internal',
      message: `Internal error (request ${requestId}); the details are in the server log.`,
    },
  };
}

function bodyOf(error: BridgeError): ApiErrorBody {
  return { error: error.name, code: error.code, message: error.message };
}

/** Error handler of the /api scope: a clear JSON body; details of server faults only in the log. */
export async function sendApiError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const { status, body } = describeError(error, request.id);
  if (status >= 500) {
    request.log.error(
      { err: error, method: request.method, route: request.routeOptions.url },
      'API request failed',
    );
  }
  return reply.code(status).send(body);
}
