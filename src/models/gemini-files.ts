/**
 * PDF parts too large to send inline go through Gemini's Files API: uploaded once per section
 * (its subtrees' calls share the same bytes), referenced as `fileData`, deleted when the job ends.
 *
 * Invariants: one upload per PDF part however many calls need it (concurrent calls wait for the
 * same upload); a failed upload fails the calls that need it (retried by the caller like any
 * model error), never sends them without their pages; `dispose()` deletes every file this job
 * uploaded, and files a crashed worker left behind expire after 48 hours (Files API).
 */
import type { Content, File as GeminiFile, GoogleGenAI, Part } from '@google/genai';
import { toError } from '../to-error.ts';
import { GEMINI_LIMITS } from './gemini-limits.ts';

export interface FileLog {
  warn(obj: object, msg: string): void;
}

export interface UploadedPdfs {
  /** `contents` with its inline PDF part replaced by a reference to the uploaded file. */
  replaceInline(contents: Content[], pdf: Uint8Array, signal: AbortSignal): Promise<Content[]>;
  /** Deletes every file of the job; `signal` aborts the deletes still in flight (the API drops them after 48 hours). */
  dispose(signal?: AbortSignal): Promise<void>;
}

/** How long to wait for an uploaded file to leave PROCESSING. */
const ACTIVE_TIMEOUT_MS = 60_000;
const ACTIVE_POLL_MS = 500;

export function createUploadedPdfs(options: { ai: GoogleGenAI; log?: FileLog }): UploadedPdfs {
  const { ai } = options;
  const uploads = new Map<Uint8Array, Promise<GeminiFile>>();
  const names = new Set<string>();

  const upload = async (pdf: Uint8Array, signal: AbortSignal): Promise<GeminiFile> => {
    if (pdf.length > GEMINI_LIMITS.filesApiMaxBytes) {
      throw new Error(`the pages to send as PDF take ${Math.round(pdf.length / 2 ** 20)} MB, over the Files API's ${GEMINI_LIMITS.filesApiMaxBytes / 2 ** 30} GB`);
    }
    let file = await ai.files.upload({
      file: new Blob([pdf as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }),
      config: { mimeType: 'application/pdf', displayName: 'paperjson section', abortSignal: signal },
    });
    if (file.name) names.add(file.name);
    const deadline = Date.now() + ACTIVE_TIMEOUT_MS;
    while (file.state === 'PROCESSING' && file.name) {
      if (Date.now() > deadline) throw new Error(`the uploaded PDF ${file.name} was still processing after ${ACTIVE_TIMEOUT_MS / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, ACTIVE_POLL_MS));
      signal.throwIfAborted();
      file = await ai.files.get({ name: file.name });
    }
    if (file.state === 'FAILED' || !file.uri) throw new Error(`the Files API could not take the PDF (${file.error?.message ?? file.state ?? 'no uri'})`);
    return file;
  };

  return {
    async replaceInline(contents, pdf, signal) {
      let pending = uploads.get(pdf);
      if (!pending) {
        uploads.set(pdf, (pending = upload(pdf, signal)));
        // A failed upload is not remembered: the next call (or retry) tries again.
        pending.catch(() => uploads.delete(pdf));
      }
      const file = await pending;
      const reference: Part = { fileData: { fileUri: file.uri!, mimeType: file.mimeType ?? 'application/pdf' } };
      return contents.map((content) => ({
        ...content,
        parts: content.parts?.map((part) => (part.inlineData?.mimeType === 'application/pdf' ? reference : part)),
      }));
    },
    async dispose(signal) {
      await Promise.all([...uploads.values()].map((p) => p.catch(() => null)));
      await Promise.all(
        [...names].map(async (name) => {
          try {
            await ai.files.delete({ name, ...(signal && { config: { abortSignal: signal } }) });
          } catch (e) {
            options.log?.warn({ err: toError(e), file: name }, 'uploaded PDF could not be deleted; the Files API drops it after 48 hours');
          }
        }),
      );
      names.clear();
    },
  };
}
