import { builder } from '../builder.ts';
import { appError, parseId } from '../../errors.ts';
import { parsePageRequest, toConnection } from '../../db/pagination.ts';
import { uploadDocument } from '../../documents/documents.service.ts';
import {
  deleteDocument,
  findDocument,
  listDocuments,
  type DocumentRecord,
} from '../../documents/documents.repository.ts';
import { PageInfoRef } from './page-info.ts';
import { DateTimeScalar, FileScalar } from './scalars.ts';

export const DocumentRef = builder.objectRef<DocumentRecord>('Document').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    filename: t.exposeString('filename'),
    sizeBytes: t.exposeInt('sizeBytes'),
    sha256: t.exposeString('sha256'),
    pageCount: t.exposeInt('pageCount'),
    textPageCount: t.exposeInt('textPageCount', {
      description: 'Pages that have a text layer; the others are image-only (scanned).',
    }),
    warnings: t.exposeStringList('warnings', {
      description:
        'What the upload could not read, one line each (e.g. "page 7 could not be read: ..."); empty when it read everything. Every job on the document repeats them in its warnings and status message.',
    }),
    createdAt: t.expose('createdAt', { type: DateTimeScalar }),
  }),
});

const DocumentConnectionRef = builder
  .objectRef<{ nodes: DocumentRecord[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }>('DocumentConnection')
  .implement({
    fields: (t) => ({
      nodes: t.expose('nodes', { type: [DocumentRef] }),
      pageInfo: t.expose('pageInfo', { type: PageInfoRef }),
    }),
  });

builder.queryFields((t) => ({
  document: t.field({
    type: DocumentRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const document = await findDocument(ctx.deps.db, ctx.tenant.id, parseId(String(args.id), 'Document id'));
      if (!document) throw appError('NOT_FOUND', `Document ${args.id} not found`);
      return document;
    },
  }),
  documents: t.field({
    type: DocumentConnectionRef,
    args: { first: t.arg.int({ defaultValue: 20 }), after: t.arg.string() },
    resolve: async (_root, args, ctx) => {
      const page = parsePageRequest(args.first, args.after);
      return toConnection(await listDocuments(ctx.deps.db, ctx.tenant.id, page), page.first);
    },
  }),
}));

builder.mutationFields((t) => ({
  uploadDocument: t.field({
    type: DocumentRef,
    description: 'Upload a PDF (multipart). Rejects non-PDF, encrypted, corrupt or oversized files with a clear error.',
    args: { file: t.arg({ type: FileScalar, required: true }) },
    resolve: (_root, args, ctx) =>
      uploadDocument(ctx.deps.db, ctx.tenant.id, args.file, {
        maxUploadBytes: ctx.deps.limits.maxUploadBytes,
        maxPages: ctx.deps.limits.maxPages,
        readerMemoryMb: ctx.deps.limits.uploadReaderMemoryMb,
        maxWaiting: ctx.deps.limits.maxWaitingUploads,
      }, ctx.logger, ctx.request?.signal),
  }),
  deleteDocument: t.boolean({
    description:
      "Delete a document: from then on it is NOT_FOUND, unlisted, and its PDF can no longer be downloaded. Its stored bytes and layout are removed at once, or, while a job on it is pending or running, when the last such job ends (however it ends): a running job is not stopped. Jobs on it, and their results and events, are kept and still name the document.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const deleted = await deleteDocument(ctx.deps.db, ctx.tenant.id, parseId(String(args.id), 'Document id'));
      if (!deleted) throw appError('NOT_FOUND', `Document ${args.id} not found`);
      return true;
    },
  }),
}));
