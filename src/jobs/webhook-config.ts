import { appError } from '../errors.ts';
import type { WebhookConfig } from './job-types.ts';

import { WEBHOOK_EVENTS } from '../domain/choices.ts';
import { PRIVATE_TARGET_HINT, refusedHostName } from './webhook-address.ts';

/**
 * The contract's WebhookInput, checked: an http(s) URL, known event names, string headers. A URL
 * whose host is plainly not public (a literal private, loopback, link-local or metadata address, or
 * localhost) is refused here unless `allowPrivate` (WEBHOOK_ALLOW_PRIVATE): every delivery to it
 * would be refused, and the client would learn it only from the job's warnings.
 */
export function parseWebhook(input: { url: string; events: string[] | null; headers: unknown }, options: { allowPrivate: boolean }): WebhookConfig {
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    throw appError('BAD_USER_INPUT', 'webhook.url is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw appError('BAD_USER_INPUT', 'webhook.url must be an http or https URL');
  }
  const refused = options.allowPrivate ? null : refusedHostName(url);
  if (refused) {
    throw appError('BAD_USER_INPUT', `webhook.url: ${refused}; ${PRIVATE_TARGET_HINT}`);
  }
  const events = input.events ?? [...WEBHOOK_EVENTS];
  const unknown = events.filter((e) => !(WEBHOOK_EVENTS as readonly string[]).includes(e));
  if (unknown.length > 0) {
    throw appError('BAD_USER_INPUT', `webhook.events has unknown names: ${unknown.join(', ')}; use ${WEBHOOK_EVENTS.join(', ')}`);
  }
  const headers: Record<string, string> = {};
  if (input.headers !== null && input.headers !== undefined) {
    if (typeof input.headers !== 'object' || Array.isArray(input.headers)) {
      throw appError('BAD_USER_INPUT', 'webhook.headers must be an object of header names to string values');
    }
    for (const [name, value] of Object.entries(input.headers as Record<string, unknown>)) {
      if (typeof value !== 'string' || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
        throw appError('BAD_USER_INPUT', `webhook.headers.${name} must be a valid header name with a string value`);
      }
      headers[name] = value;
    }
  }
  return { url: url.toString(), events: [...new Set(events)], headers };
}
