import ipaddr from 'ipaddr.js';

/**
 * Which webhook hosts are not public, as far as the URL alone tells: the start refuses them at
 * once (webhook-config.ts) and a delivery refuses a literal IP before connecting
 * (worker/deliver-webhook.ts). A host name's addresses are only known when a delivery connects,
 * and may change (DNS), so they are checked there (worker/webhook-target.ts).
 */

/** What a refusal of a non-public target tells its client: the start's and a delivery's. */
export const PRIVATE_TARGET_HINT = 'webhooks go to public addresses only unless the service runs with WEBHOOK_ALLOW_PRIVATE=true';

/** Only plain public unicast passes; IPv4-mapped IPv6 is judged as the IPv4 it carries. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

/** The reason a URL's host is a literal non-public IP, or null. */
export function refusedLiteralHost(url: URL): string | null {
  // WHATWG URL parsing already turned 0x7f.1 or 2130706433 into 127.0.0.1; IPv6 keeps its brackets.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (ipaddr.isValid(host)) return isPublicAddress(host) ? null : `${host} is not a public address`;
  return null;
}

/**
 * The reason a URL's host is known not to be public without a DNS lookup: a literal non-public
 * IP, or `localhost` and its subdomains (RFC 6761 reserves them for loopback), or null.
 */
export function refusedHostName(url: URL): string | null {
  const name = url.hostname.replace(/\.$/, '').toLowerCase();
  if (name === 'localhost' || name.endsWith('.localhost')) return `${url.hostname} is a loopback name`;
  return refusedLiteralHost(url);
}
