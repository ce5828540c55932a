import type { FastifyInstance } from 'fastify';
import { type AdminParts, registerAdminRoutes } from './admin-routes.ts';
import { type FaultHookOptions, installFaults } from './faults.ts';
import { installRequestLog } from './request-log.ts';

export { type AdminParts, registerAdminRoutes } from './admin-routes.ts';
export {
  type FaultDecision,
  type FaultHookOptions,
  FaultInjector,
  type FaultSettings,
  installFaults,
  NO_FAULTS,
} from './faults.ts';
export { DEFAULT_LIMITS, type RateDecision, RateLimiter, type RateLimits } from './rate-limiter.ts';
export {
  installRequestLog,
  RequestLog,
  type RequestLogEntry,
  type RequestLogFilter,
  type SandboxActor,
} from './request-log.ts';
export { createSandboxApp, listen, type RunningServer } from './server.ts';
export {
  DEFAULT_WEBHOOK_SETTINGS,
  type SendOptions,
  type WebhookAttempt,
  type WebhookDelivery,
  type WebhookDeliveryState,
  WebhookDispatcher,
  type WebhookSettings,
  type WebhookSigner,
} from './webhooks.ts';

export interface SandboxBasicsOptions extends AdminParts {
  /** How an injected error status is rendered in this app's error shape. */
  renderFault?: FaultHookOptions['renderError'];
}

/**
 * The usual wiring in one call: request log (with resets logged as status 0), fault
 * injection and the generic admin routes. Call it before registering the app's routes.
 */
export function installSandboxBasics(app: FastifyInstance, options: SandboxBasicsOptions): void {
  const prefix = options.prefix ?? '/_sandbox';
  const requestLog = installRequestLog(app, options.log, { exemptPrefix: prefix });
  installFaults(app, options.faults, {
    exemptPrefix: prefix,
    onReset: requestLog.logReset,
    ...(options.renderFault && { renderError: options.renderFault }),
  });
  registerAdminRoutes(app, options);
}
