import type { Plugin } from 'graphql-yoga';
import { ERROR_STATUS } from '../../errors.ts';

/**
 * Refuses oversized bodies from the Content-Length header, before a byte of the body is read.
 * Multipart uploads may be as large as the upload limit (plus room for the other parts); plain
 * GraphQL requests get a much smaller limit. A POST without Content-Length is refused, since its
 * size could not be bounded up front.
 */
export function useRequestSizeLimit(options: { maxRequestBytes: number; maxUploadBytes: number }): Plugin {
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      if (request.method !== 'POST') return;
      const multipart = (request.headers.get('content-type') ?? '').startsWith('multipart/form-data');
      const limit = multipart ? options.maxUploadBytes + 1024 * 1024 : options.maxRequestBytes;
      const header = request.headers.get('content-length');
      const length = header === null ? Number.NaN : Number(header);
      if (header === null && request.headers.get('transfer-encoding')) {
        endResponse(errorResponse(fetchAPI, 400, 'BAD_USER_INPUT', 'Send a Content-Length header with the request body.'));
        return;
      }
      if (Number.isFinite(length) && length > limit) {
        endResponse(
          errorResponse(
            fetchAPI,
            ERROR_STATUS.PAYLOAD_TOO_LARGE,
            'PAYLOAD_TOO_LARGE',
            multipart
              ? `The upload request is ${sizeText(length)}; the largest accepted PDF is ${sizeText(options.maxUploadBytes)} (MAX_UPLOAD_BYTES), ` +
                `and a request carrying it at most ${sizeText(limit)}.`
              : `The request body is ${sizeText(length)}; the limit is ${sizeText(limit)} (MAX_REQUEST_BYTES = ${limit} bytes).`,
          ),
        );
      }
    },
  };
}

/**
 * A size as a person reads it: MiB with one decimal, KiB below one MiB. The request's Content-Length
 * counts the whole multipart body (the PDF and the form's other parts), so it is named as the
 * request's size, not the file's.
 */
function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}

function errorResponse(fetchAPI: { Response: typeof Response }, status: number, code: string, message: string): Response {
  return new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code, http: { status } } }] }), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}
