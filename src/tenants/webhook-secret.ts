/**
 * The tenant's webhook signing secret: 32 random bytes, stored as base64url (older rows and new
 * ones alike). The Standard Webhooks specification shows a secret as `whsec_<base64 of the key
 * bytes>`, the form its verification libraries take, so that is the form the API hands out.
 */

export function webhookKey(stored: string): Buffer {
  return stored.startsWith('whsec_') ? Buffer.from(stored.slice(6), 'base64') : Buffer.from(stored, 'base64url');
}

export function webhookSecretForClients(stored: string): string {
  return `whsec_${webhookKey(stored).toString('base64')}`;
}
