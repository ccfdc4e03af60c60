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
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: TenantRef,
    description: "The caller's tenant. Fails with UNAUTHENTICATED without a valid API key.",
    resolve: (_root, _args, ctx) => ctx.tenant,
  }),
);
