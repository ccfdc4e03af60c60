import { builder } from '../builder.ts';
import type { Tenant } from '../../tenants/api-keys.ts';
import { webhookSecretForClients } from '../../tenants/webhook-secret.ts';

const TenantRef = builder.objectRef<Tenant>('Tenant').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    activeJobs: t.int({
      description: 'Jobs in PENDING, PROCESSING or RETRYING. startExtractionJob fails with TOO_MANY_ACTIVE_JOBS at the limit.',
      resolve: (tenant, _args, ctx) => ctx.deps.jobs.activeCount(tenant),
    }),
    maxActiveJobs: t.exposeInt('maxActiveJobs'),
    webhookSigningSecret: t.string({
      description:
        'Secret of the webhook-signature header (Standard Webhooks): v1,<base64 HMAC-SHA256 of "webhook-id.webhook-timestamp.body"> keyed with the base64-decoded part after whsec_.',
      resolve: async (tenant, _args, ctx) => {
        const row = await ctx.deps.db
          .selectFrom('tenants')
          .select('webhook_secret')
          .where('id', '=', tenant.id)
          .executeTakeFirstOrThrow();
        return webhookSecretForClients(row.webhook_secret);
      },
    }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: TenantRef,
    description: "The caller's tenant. Fails with UNAUTHENTICATED without a valid API key.",
    resolve: (_root, _args, ctx) => ctx.tenant,
  }),
);
