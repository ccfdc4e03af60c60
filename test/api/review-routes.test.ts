import { readFileSync } from 'node:fs';
import { get as httpGet, type IncomingHttpHeaders } from 'node:http';
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

const FIXTURE = 'test/fixtures/invoice-2p.pdf';
const SCHEMA = { type: 'object', properties: { invoice_number: { type: 'string' } } };

describe('the review routes answer only the tenant that owns the job or document', () => {
  let app: TestApp;
  let origin: string;
  let jobId: string;
  let documentId: string;
  let otherKey: string;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    origin = app.url.replace(/\/graphql$/, '');
    const uploaded = await app.upload(FIXTURE);
    documentId = uploaded.data.uploadDocument.id;
    const started = await app.gql('mutation($i: StartExtractionJobInput!) { startExtractionJob(input: $i) { jobId } }', {
      i: { documentId, jsonSchema: SCHEMA, config: { model: 'LOCAL', perKeyAttribution: true } },
    });
    jobId = started.data.startExtractionJob.jobId;
    otherKey = await app.newTenant();
  }, 60_000);
  afterAll(() => app?.stop());

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${origin}${path}`, { headers, redirect: 'manual' });
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

  it('the review page without a key, or with an unknown key, is a 401 page with nothing of the job', async () => {
    const responses = [await get(`/jobs/${jobId}/review`), await get(`/jobs/${jobId}/review?apiKey=pj_unknown`), await get(`/jobs/${jobId}/review`, bearer('pj_unknown'))];
    for (const [i, response] of responses.entries()) {
      expect(response.status).toBe(401);
      const html = await response.text();
      // A wrong key is told apart from a missing one, as on the home page.
      expect(html).toContain(i === 0 ? 'API key needed' : 'This key does not work: Unknown or revoked API key.');
      expect(html).not.toContain('invoice-2p.pdf');
      expect(html).not.toContain('paperjson-api-key');
      expect(html).not.toContain('pj_unknown');
    }
  });

  it('the review page of another tenant\'s job, or of an id that is no job, is 404', async () => {
    expect((await get(`/jobs/${jobId}/review?apiKey=${otherKey}`)).status).toBe(404);
    expect((await get(`/jobs/${jobId}/review`, bearer(otherKey))).status).toBe(404);
    expect((await get(`/jobs/00000000-0000-4000-8000-000000000000/review`, bearer(app.apiKey))).status).toBe(404);
    const odd = await get(`/jobs/%3Cscript%3Ealert(1)%3C%2Fscript%3E/review`, bearer(app.apiKey));
    expect(odd.status).toBe(404);
    expect(await odd.text()).not.toContain('<script>alert(1)');
  });

  it('the review page with the key (header, ?apiKey= or a form post) is served with a strict Content-Security-Policy', async () => {
    const form = await fetch(`${origin}/jobs/${jobId}/review`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ apiKey: app.apiKey }),
    });
    for (const response of [await get(`/jobs/${jobId}/review`, bearer(app.apiKey)), await get(`/jobs/${jobId}/review?apiKey=${app.apiKey}`), form]) {
      expect(response.status).toBe(200);
      const csp = response.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("default-src 'none'");
      expect(response.headers.get('referrer-policy')).toBe('same-origin');
      const html = await response.text();
      expect(html).toContain(`<meta name="paperjson-job-id" content="${jobId}">`);
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/); // no inline script at all
    }
  });

  it('a key posted from another site is refused, so no other site can sign a tab in with its own key', async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${origin}/jobs/${jobId}/review`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams({ apiKey: app.apiKey }),
      });
    expect((await post({ origin: 'https://evil.example' })).status).toBe(403);
    expect((await post({ 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post({ origin, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
  });

  it('the PDF is served only with the owner\'s key in the Authorization header', async () => {
    const path = `/documents/${documentId}/pdf`;
    const owner = await get(path, bearer(app.apiKey));
    expect(owner.status).toBe(200);
    expect(owner.headers.get('content-type')).toBe('application/pdf');
    expect(owner.headers.get('cache-control')).toContain('no-store');
    expect(Buffer.from(await owner.arrayBuffer()).equals(readFileSync(FIXTURE))).toBe(true);

    const none = await get(path);
    expect(none.status).toBe(401);
    expect(await none.text()).toContain('UNAUTHENTICATED');
    // A key in the URL is not accepted for the PDF: the page never needs one there.
    expect((await get(`${path}?apiKey=${app.apiKey}`)).status).toBe(401);
    expect((await get(path, bearer('pj_unknown'))).status).toBe(401);
    const other = await get(path, bearer(otherKey));
    expect(other.status).toBe(404);
    expect(other.headers.get('content-type')).not.toContain('pdf');
    expect((await get('/documents/not-an-id/pdf', bearer(app.apiKey))).status).toBe(404);
  });

  it('a deleted document\'s PDF answers 404 once its bytes are gone, saying so', async () => {
    const uploaded = await app.upload(FIXTURE);
    const id = uploaded.data.uploadDocument.id;
    await app.gql('mutation($id: ID!) { deleteDocument(id: $id) }', { id });
    const response = await get(`/documents/${id}/pdf`, bearer(app.apiKey));
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('was deleted');
  });

  it('the page\'s scripts, styles and pdf.js are public files; nothing else of the disk is', async () => {
    for (const path of ['/review/assets/review-page.js', '/review/assets/review.css', '/review/pdfjs/build/pdf.mjs', '/review/pdfjs/build/pdf.worker.mjs']) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toMatch(/^text\/(javascript|css)/);
    }
    expect((await get('/review/pdfjs/standard_fonts/LiberationSans-Regular.ttf')).status).toBe(200);
    for (const path of [
      '/review/assets/..%2freview-routes.ts',
      '/review/assets/../review-routes.ts',
      '/review/assets/.hidden',
      '/review/pdfjs/build/pdf.sandbox.mjs',
      '/review/pdfjs/../package.json',
      '/review/pdfjs/web/viewer.mjs',
      '/review/assets/missing.js',
    ]) {
      expect((await get(path)).status, path).toBe(404);
    }
  });

  it('a script is sent gzip to a client that takes it, plain to one that does not, and 304 to one that holds it', async () => {
    // node:http, not fetch: fetch would inflate the body and ask for gzip itself.
    const raw = (path: string, headers: Record<string, string>) =>
      new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        httpGet(`${origin}${path}`, { headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
        }).on('error', reject);
      });
    const path = '/review/pdfjs/build/pdf.worker.mjs';
    const onDisk = readFileSync(createRequire(import.meta.url).resolve('pdfjs-dist/build/pdf.worker.mjs'));
    const zipped = await raw(path, { 'accept-encoding': 'gzip, deflate' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.body.byteLength).toBeLessThan(onDisk.byteLength / 3);
    expect(gunzipSync(zipped.body).equals(onDisk)).toBe(true);
    const plain = await raw(path, {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(onDisk)).toBe(true);
    expect(plain.headers.etag).toBe(zipped.headers.etag);
    const held = await raw(path, { 'if-none-match': zipped.headers.etag!, 'accept-encoding': 'gzip' });
    expect(held.status).toBe(304);
    expect(held.body.byteLength).toBe(0);
  });

  it('the home page is served at / and holds nothing of a tenant; GraphQL still answers at /graphql', async () => {
    const home = await get('/');
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain('upload-form');
    expect(html).toContain('href="/graphql"');
    expect(html).not.toContain('invoice-2p.pdf');
    expect(home.headers.get('content-security-policy')).toContain("script-src 'self'");
    const viewer = await app.gql('{ viewer { name } }');
    expect(viewer.data.viewer.name).toBeTruthy();
  });

  it('a path nothing is served at answers 404 with a text naming the paths that are; /ready and /health answer 200', async () => {
    for (const path of ['/nope', '/graphq', '/jobs', '/x/y?z=1']) {
      const response = await get(path);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      const text = await response.text();
      expect(text).toMatch(/^NOT_FOUND: /);
      for (const route of ['/graphql', '/ ', '/jobs/<id>/review', '/documents/<id>/pdf', '/ready', '/health']) expect(text).toContain(`  ${route}`);
    }
    expect((await get('/ready')).status).toBe(200);
    expect((await get('/health')).status).toBe(200);
    expect((await fetch(`${origin}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' })).status).toBe(401);
  });
});
