/**
 * HighLevel's error bodies, in the common schemas' shapes: 400 `BadRequestDTO`,
 * 401 `UnauthorizedDTO`, 422 `UnprocessableDTO` (message is an array). Handlers throw
 * `GhlError`; the app's error handler renders it.
 */
export class GhlError extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: Record<string, unknown>,
  ) {
    super(typeof body.message === 'string' ? body.message : `HTTP ${statusCode}`);
  }
}

export const badRequest = (message: string, extra: Record<string, unknown> = {}) =>
  new GhlError(400, { statusCode: 400, message, ...extra });

export const unauthorized = (message = 'Invalid token: access token is invalid') =>
  new GhlError(401, { statusCode: 401, message, error: 'Unauthorized' });

export const forbidden = (message = 'The token does not have access to this location.') =>
  new GhlError(403, { statusCode: 403, message, error: 'Forbidden' });

export const unprocessable = (messages: string[]) =>
  new GhlError(422, { statusCode: 422, message: messages, error: 'Unprocessable Entity' });

export const tooManyRequests = () =>
  new GhlError(429, { statusCode: 429, message: 'Too Many Requests', error: 'Too Many Requests' });

export const notFoundRoute = (method: string, url: string) =>
  new GhlError(404, {
    statusCode: 404,
    message: `Cannot ${method} ${url.split('?')[0]}`,
    error: 'Not Found',
  });

export const contactNotFound = (id: string) => badRequest(`Contact with id ${id} not found`);
