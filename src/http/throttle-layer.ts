import type { Throttle } from './throttle.ts';
import type { Send } from './types.ts';

/** Takes a slot from the throttle for each request sent, and teaches it from each answer. */
export function withThrottle(next: Send, throttle: Throttle | undefined, key: string): Send {
  if (!throttle) return next;
  return async (req, ctx) => {
    const permit = await throttle.acquire(key, req.signal);
    let response: Awaited<ReturnType<Send>>;
    try {
      response = await next(req, ctx);
    } catch (error) {
      permit.fail();
      throw error;
    }
    const dailyExhausted = permit.complete(response);
    if (dailyExhausted) throw dailyExhausted;
    return response;
  };
}
