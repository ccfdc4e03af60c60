import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { Agent } from 'undici';
import { isPublicAddress } from '../jobs/webhook-address.ts';

/**
 * Keeps webhook deliveries off the service's own network: loopback, private, link-local (the cloud
 * metadata address 169.254.169.254), unique-local, CGNAT, multicast and reserved addresses are
 * refused unless WEBHOOK_ALLOW_PRIVATE is set.
 *
 * The check runs on the address actually connected to, inside the connection's DNS lookup, so a
 * name that resolved to a public address when the job started and to 127.0.0.1 now (DNS rebinding)
 * is still refused. A literal IP in the URL never goes through a lookup, so it is checked separately
 * (`refusedLiteralHost`, jobs/webhook-address.ts). Redirects are not followed (deliver-webhook.ts), so a public receiver
 * cannot bounce the request inward either.
 */

export class WebhookTargetRefused extends Error {
  override name = 'WebhookTargetRefused';
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * `connect.lookup` for undici: resolves like dns.lookup and refuses the host when ANY of its
 * addresses is non-public (otherwise a name with one public and one private record could be made to
 * connect to the private one by Happy Eyeballs).
 */
function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    if (refused) {
      const reason = new WebhookTargetRefused(`${hostname} resolves to ${refused.address}, which is not a public address`) as NodeJS.ErrnoException;
      reason.code = 'EWEBHOOKPRIVATE';
      return callback(reason, []);
    }
    if (options.all) return callback(null, addresses);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
}

let publicOnlyAgent: Agent | undefined;

/** The undici dispatcher for webhook deliveries that may only reach public addresses. */
export function publicOnlyDispatcher(): Agent {
  // HTTP/1.1 only, like the deliveries to private targets (http1-dispatcher.ts says why).
  publicOnlyAgent ??= new Agent({ allowH2: false, connect: { lookup: guardedLookup as never } });
  return publicOnlyAgent;
}
