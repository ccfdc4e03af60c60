import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Its own app and file: it empties this address's failed-authentication bucket (30 failures, 2
 * more per second), which would refuse the requests of any test after it for a while.
 */
describe('keys tried on the review pages count toward the failed-authentication limit', () => {
  let app: TestApp;
  let origin: string;
  const jobId = '00000000-0000-4000-8000-000000000000';

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    origin = app.url.replace(/\/graphql$/, '');
  }, 60_000);
  afterAll(() => app?.stop());

  it('after 30 wrong keys on the review page, the right key from that address is refused with 429 there, on the PDF route and on /graphql', async () => {
    // A page opened without a key is a first visit, not a failure.
    for (let i = 0; i < 40; i++) expect((await fetch(`${origin}/jobs/${jobId}/review`)).status).toBe(401);
    expect((await app.gql('{ viewer { id } }')).data.viewer.id).toBeTruthy();

    // All at once, so that the bucket (refilled at 2 per second) is still empty when the right key comes.
    const wrong = await Promise.all(
      Array.from({ length: 40 }, (_, i) => fetch(`${origin}/jobs/${jobId}/review?apiKey=pj_wrong_${i}`, { redirect: 'manual' }).then((r) => r.status)),
    );
    expect(wrong.filter((status) => status === 401).length).toBeGreaterThanOrEqual(30);
    expect(wrong.every((status) => status === 401 || status === 429)).toBe(true);

    const bearer = { authorization: `Bearer ${app.apiKey}` };
    const [review, pdf, api] = await Promise.all([
      fetch(`${origin}/jobs/${jobId}/review`, { headers: bearer }),
      fetch(`${origin}/documents/${jobId}/pdf`, { headers: bearer }),
      app.gql('{ viewer { id } }'),
    ]);
    expect(review.status).toBe(429);
    expect(Number(review.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await review.text()).toContain('too many failed authentications');
    expect(pdf.status).toBe(429);
    expect(api.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(api.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
  });
});
