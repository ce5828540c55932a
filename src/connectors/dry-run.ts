import type { DryRunRecorder } from './client-for-connection.ts';

export interface RecordedRequest {
  method: string;
  path: string;
  query?: unknown;
  body?: unknown;
}

/**
 * A dry run's recorder: every write is kept (method, path, query, body or form) and answered
 * with an empty 200, so nothing leaves the bridge; reads still go out.
 */
export function recordWrites(redactBody: (body: unknown) => unknown = (body) => body): {
  recorder: DryRunRecorder;
  requests: RecordedRequest[];
} {
  const requests: RecordedRequest[] = [];
  return {
    requests,
    recorder: {
      record(request) {
        requests.push({
          method: request.method,
          path: request.path,
          query: request.query,
          body: redactBody(request.body ?? request.form),
        });
        return { status: 200, headers: {}, data: {}, attempts: 0 };
      },
    },
  };
}
