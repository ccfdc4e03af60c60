import { Agent, EnvHttpProxyAgent, type Dispatcher } from 'undici';

/**
 * Dispatchers for the `undici` package's own `request()` / `fetch()` that speak HTTP/1.1 only, as
 * Node's global fetch does. The package (8.x) offers h2 by default (lib/core/connect.js), and an h2
 * origin then carries every request of the process over one TCP connection, with no status text
 * on its answers; our clients are written and measured for HTTP/1.1's pool of connections.
 */

/**
 * Whether Node's own fetch goes through the environment's proxy: Node 24 installs an
 * EnvHttpProxyAgent as its global dispatcher when NODE_USE_ENV_PROXY is exactly "1" (other
 * values leave it direct, checked on 24.21) or it runs with --use-env-proxy.
 */
export function usesEnvProxy(env: NodeJS.ProcessEnv): boolean {
  const flag = '--use-env-proxy';
  return env['NODE_USE_ENV_PROXY'] === '1' || process.execArgv.includes(flag) || (env['NODE_OPTIONS'] ?? '').split(/\s+/).includes(flag);
}

/**
 * An HTTP/1.1-only dispatcher that takes the route the global fetch would take: through
 * HTTP_PROXY / HTTPS_PROXY (minus NO_PROXY) when the process uses the environment's proxy,
 * directly otherwise. The environment is read when it is built.
 */
export function http1Dispatcher(env: NodeJS.ProcessEnv = process.env): Dispatcher {
  return usesEnvProxy(env) ? new EnvHttpProxyAgent({ allowH2: false }) : new Agent({ allowH2: false });
}
