import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../../logger.ts';
import type { ApiContext } from '../context.ts';

interface OperationArgs {
  contextValue: Partial<ApiContext>;
  operationName?: string | null;
  document: Parameters<typeof operationNameOf>[0];
}

interface RequestFacts {
  startedAt: number;
  tenantId?: string;
  operationName?: string;
}

/**
 * One log line per HTTP request: method, path, status, duration, and — when the request got that
 * far — tenant and operation name. Never the API key, variables or document contents. At debug
 * level: a client following a job polls or streams, and at info these lines would bury the rest.
 */
export function useRequestLog(logger: Logger): Plugin<Partial<ApiContext>> {
  const facts = new WeakMap<Request, RequestFacts>();
  // Queries and mutations pass onExecute, subscriptions onSubscribe; both know the tenant and operation.
  const remember = (args: OperationArgs) => {
    const request = (args.contextValue as { request?: Request }).request;
    const entry = request ? facts.get(request) : undefined;
    if (entry) {
      entry.tenantId = args.contextValue.tenant?.id;
      entry.operationName = args.operationName ?? operationNameOf(args.document);
    }
  };
  return {
    onRequest({ request }) {
      // Below debug (the default) the line is never written: nothing is gathered for it, and the
      // other hooks find no entry (a URL parse and three hooks' work per request, ~1% of the
      // API's CPU in a stream of job starts).
      if (!logger.isLevelEnabled('debug')) return;
      facts.set(request, { startedAt: performance.now() });
    },
    onExecute: ({ args }) => remember(args),
    onSubscribe: ({ args }) => remember(args),
    onResponse({ request, response }) {
      const entry = facts.get(request);
      // No entry also for a request refused before this plugin's onRequest ran (a 413): logged too.
      if (!entry && !logger.isLevelEnabled('debug')) return;
      const url = new URL(request.url);
      if (url.pathname === '/health' || url.pathname === '/ready') return;
      logger.debug(
        {
          method: request.method,
          path: url.pathname,
          status: response.status,
          tenantId: entry?.tenantId,
          operationName: entry?.operationName,
          durationMs: entry ? Math.round(performance.now() - entry.startedAt) : undefined,
        },
        'request',
      );
    },
  };
}

function operationNameOf(document: { definitions: ReadonlyArray<{ kind: string; name?: { value: string } }> }): string | undefined {
  const operation = document.definitions.find((d) => d.kind === 'OperationDefinition');
  return operation?.name?.value ?? undefined;
}
