import { builder } from '../builder.ts';
import type { Tenant } from '../../tenants/api-keys.ts';

export const TenantRef = builder.objectRef<Tenant>('Tenant').implement({
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
        'Key of the X-Signature header on webhook deliveries: sha256=<hex HMAC-SHA256 of the raw body under this secret>.',
      resolve: async (tenant, _args, ctx) => {
        const row = await ctx.deps.db
          .selectFrom('tenants')
          .select('webhook_secret')
          .where('id', '=', tenant.id)
          .executeTakeFirstOrThrow();
        return row.webhook_secret;
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
