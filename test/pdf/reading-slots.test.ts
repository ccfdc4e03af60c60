import { afterEach, describe, expect, it, vi } from 'vitest';
import { acquireReadingSlot, maxWaitingPerTenant, ReadersBusy, readingSlots, uploadsWaiting } from '../../src/pdf/reading-slots.ts';

/** Takes both reading slots, as two long reads would; the returned function frees them. */
async function bothSlotsBusy(): Promise<Array<() => void>> {
  return [await readingSlots.acquire(), await readingSlots.acquire()];
}

const refusal = (promise: Promise<unknown>) => promise.then(() => 'granted', (error: unknown) => error);

afterEach(() => {
  expect(uploadsWaiting()).toBe(0);
  expect(readingSlots.inFlight).toBe(0);
});

describe('uploads waiting for a PDF reader', () => {
  it('lets one tenant fill only its share of the queue: its next upload is refused as its own, another tenant still queues', async () => {
    expect(maxWaitingPerTenant(4)).toBe(2);
    const held = await bothSlotsBusy();
    const flooder = [acquireReadingSlot({ tenantId: 'a', maxWaiting: 4 }), acquireReadingSlot({ tenantId: 'a', maxWaiting: 4 })];
    const refused = await refusal(acquireReadingSlot({ tenantId: 'a', maxWaiting: 4 }));
    expect(refused).toBeInstanceOf(ReadersBusy);
    expect(refused).toMatchObject({ mine: true, maxWaiting: 2 });
    const other = acquireReadingSlot({ tenantId: 'b', maxWaiting: 4 });
    expect(uploadsWaiting()).toBe(3);
    held.forEach((release) => release());
    for (const granted of [...flooder, other]) (await granted)();
  });

  it('refuses any tenant once all of MAX_WAITING_UPLOADS wait, as a full queue and not as its own', async () => {
    const held = await bothSlotsBusy();
    const waiting = [acquireReadingSlot({ tenantId: 'a', maxWaiting: 2 }), acquireReadingSlot({ tenantId: 'b', maxWaiting: 2 })];
    expect(await refusal(acquireReadingSlot({ tenantId: 'c', maxWaiting: 2 }))).toMatchObject({ name: 'ReadersBusy', mine: false, maxWaiting: 2 });
    held.forEach((release) => release());
    for (const granted of waiting) (await granted)();
  });

  it('hands the slots to the tenants in turn, not in order of arrival', async () => {
    const held = await bothSlotsBusy();
    const order: string[] = [];
    const releases = new Map<string, () => void>();
    const upload = (tenantId: string, name: string) =>
      acquireReadingSlot({ tenantId, maxWaiting: 8 }).then((release) => {
        order.push(name);
        releases.set(name, release);
      });
    // a1 is first in line for a slot already; a2, a3 and b1 wait their tenants' turns: a has had
    // its turn once a1 is granted, so b1 comes before a2, although a2 arrived first.
    const uploads = [upload('a', 'a1'), upload('a', 'a2'), upload('a', 'a3'), upload('b', 'b1')];
    held[1]!();
    // One slot, used by one upload at a time: the next is granted once the one before is done.
    for (let granted = 1; granted <= uploads.length; granted++) {
      await vi.waitUntil(() => order.length === granted);
      releases.get(order.at(-1)!)!();
    }
    held[0]!();
    expect(order).toEqual(['a1', 'b1', 'a2', 'a3']);
  });

  it('lets an upload whose client has gone leave its queue at once, holding nothing', async () => {
    const held = await bothSlotsBusy();
    const first = acquireReadingSlot({ tenantId: 'a', maxWaiting: 8 });
    const client = new AbortController();
    const gone = acquireReadingSlot({ tenantId: 'a', maxWaiting: 8, signal: client.signal });
    expect(uploadsWaiting()).toBe(2);
    client.abort(new Error('client closed the connection'));
    await expect(gone).rejects.toThrow('client closed the connection');
    expect(uploadsWaiting()).toBe(1);
    held.forEach((release) => release());
    (await first)();
  });
});
