import SchemaBuilder from '@pothos/core';
import type { ApiContext } from './context.ts';
import type { UploadedFile } from '../documents/documents.service.ts';

export const builder = new SchemaBuilder<{
  Context: ApiContext;
  DefaultFieldNullability: false;
  Scalars: {
    JSON: { Input: unknown; Output: unknown };
    DateTime: { Input: Date; Output: Date | string };
    File: { Input: UploadedFile; Output: never };
  };
}>({ defaultFieldNullability: false });

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
