import type { FastifyError, FastifyInstance } from 'fastify';
import {
  createSandboxApp,
  type FaultInjector,
  installSandboxBasics,
  type RateLimiter,
  type RateLimits,
  type RequestLog,
  type WebhookDispatcher,
} from '../common/index.ts';
import { GhlAdmin } from './admin.ts';
import { AppointmentService } from './appointments.ts';
import { installAuth } from './auth.ts';
import { ContactService } from './contact-service.ts';
import { GhlError, notFoundRoute } from './errors.ts';
import { GhlEvents } from './events.ts';
import { OAuthService } from './oauth-service.ts';
import { installRateLimitHeaders } from './rate-limit.ts';
import { adminRoutes } from './routes/admin.ts';
import { appointmentRoutes } from './routes/appointments.ts';
import { contactRoutes } from './routes/contacts.ts';
import type { GhlServices } from './routes/context.ts';
import { customFieldRoutes } from './routes/custom-fields.ts';
import { noteRoutes } from './routes/notes.ts';
import { oauthRoutes } from './routes/oauth.ts';
import { relationRoutes } from './routes/relations.ts';
import { searchRoutes } from './routes/search.ts';
import { tagRoutes } from './routes/tags.ts';
import { taskRoutes } from './routes/tasks.ts';
import type { GhlState } from './state.ts';
import type { TokenService } from './tokens.ts';
import { validators } from './validation.ts';
import type { WebhookKeys } from './webhook-keys.ts';

const STATUS_TEXT: Record<number, string> = {
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export interface GhlAppParts {
  state: GhlState;
  tokens: TokenService;
  keys: WebhookKeys;
  limiter: RateLimiter;
  webhooks: WebhookDispatcher;
  log: RequestLog;
  faults: FaultInjector;
  /** Runs after the common parts are reset by `POST /_sandbox/reset`. */
  reset: () => void;
  saveSnapshot: () => Promise<string | null>;
  /** Called after each request that may have changed data. */
  onChange?: () => void;
  adminToken?: string;
  /** Limits restored by a reset. */
  defaultLimits?: Partial<RateLimits>;
}

/** Builds the fastify app of the GHL sandbox: common admin pieces, auth, every route. */
export function buildGhlApp(parts: GhlAppParts): { app: FastifyInstance; admin: GhlAdmin } {
  const app = createSandboxApp({ routerOptions: { ignoreTrailingSlash: true } });
  const { state, tokens, keys, limiter, webhooks } = parts;
  const events = new GhlEvents(state, webhooks);
  const contacts = new ContactService(events);
  const appointments = new AppointmentService(events);
  const oauth = new OAuthService(state, tokens, events);
  const admin = new GhlAdmin(state, tokens, oauth, appointments, keys);
  const services: GhlServices = { state, contacts, events, validate: validators() };

  installSandboxBasics(app, {
    log: parts.log,
    faults: parts.faults,
    limiter,
    webhooks,
    reset: parts.reset,
    ...(parts.defaultLimits && { defaultLimits: parts.defaultLimits }),
    renderFault: (status) => ({ statusCode: status, message: STATUS_TEXT[status] ?? 'Error' }),
    ...(parts.adminToken && { adminToken: parts.adminToken }),
  });
  installRateLimitHeaders(app, limiter);
  installAuth(app, state, limiter);

  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (error instanceof GhlError) return reply.code(error.statusCode).send(error.body);
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    return reply.code(status).send({
      statusCode: status,
      message: status === 500 ? 'Internal server error' : error.message,
      ...(status === 400 && { error: 'Bad Request' }),
    });
  });
  app.setNotFoundHandler((request, reply) => {
    const error = notFoundRoute(request.method, request.url);
    return reply.code(404).send(error.body);
  });
  if (parts.onChange) {
    const onChange = parts.onChange;
    app.addHook('onResponse', (request, _reply, done) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') onChange();
      done();
    });
  }

  contactRoutes(app, services);
  searchRoutes(app, services);
  taskRoutes(app, services);
  noteRoutes(app, services);
  tagRoutes(app, services);
  relationRoutes(app, services);
  appointmentRoutes(app, services);
  customFieldRoutes(app);
  oauthRoutes(app, { ...services, oauth });
  adminRoutes(app, admin, { saveSnapshot: parts.saveSnapshot });
  return { app, admin };
}
