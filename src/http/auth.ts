import type { AuthStrategy, Send } from './types.ts';

/**
 * Adds the credentials to each request. A 401 asks the strategy for fresh credentials once per
 * call (not once per attempt: a token that fails right after a refresh will not be fixed by a
 * second refresh) and, if it has them, sends the request again.
 *
 * This layer sits above the throttle so that the replay after a 401 is counted and spaced like
 * any other request.
 */
export function withAuth(next: Send, auth: AuthStrategy | undefined): Send {
  if (!auth) return next;
  return async (req, ctx) => {
    const credentials = await auth.headers();
    const response = await next({ ...req, headers: { ...req.headers, ...credentials } }, ctx);
    if (response.status !== 401 || !auth.onUnauthorized || ctx.refreshedAuth) return response;
    ctx.refreshedAuth = true;
    if (!(await auth.onUnauthorized(credentials))) return response;
    return next({ ...req, headers: { ...req.headers, ...(await auth.headers()) } }, ctx);
  };
}

/** A fixed bearer token, e.g. a Private Integration Token or an API key. */
export function bearerAuth(token: string): AuthStrategy {
  return { headers: async () => ({ authorization: `Bearer ${token}` }) };
}
