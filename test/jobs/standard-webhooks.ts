import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A receiver's check, written from the Standard Webhooks specification (not from the sender's code):
 * the secret is `whsec_<base64 key>`; the signed content is `${webhook-id}.${webhook-timestamp}.${body}`;
 * `webhook-signature` holds space-separated `v1,<base64 HMAC-SHA256>` entries, one must match;
 * a timestamp more than 5 minutes from now is refused (replay protection).
 */
export function verifyStandardWebhook(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  body: string,
  now = Date.now(),
): boolean {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signatures !== 'string') return false;
  if (!secret.startsWith('whsec_') || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(now / 1000 - Number(timestamp)) > 300) return false;
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  return signatures.split(' ').some((entry) => {
    const [version, value] = entry.split(',');
    if (version !== 'v1' || !value) return false;
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
