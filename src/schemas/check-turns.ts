/**
 * The API thread's own part of schema checks, taken in event-loop turns: work queued here runs in
 * order, as much of it per turn as fits in TURN_MS (always at least one item), and the rest waits
 * for a later turn, after the I/O that arrived meanwhile.
 *
 * Why: twenty requests of one client arrive together and are read in one poll of the event loop,
 * and each one's synchronous part of a check (the size verdict's walks, the text key's
 * stringify and hash, an inline check, copying the schema to the check thread: 1-5 ms each in a
 * busy process) ran back to back with the others', so another client's request that arrived just
 * after waited for all twenty (a schema-abuse run: 55-100 ms stretches on the API thread per burst,
 * the bystander's max 90-140 ms). Taken in turns, a request with no check in it (a query, a
 * lookup) waits for about one turn's worth. The queue is one, first come first served across
 * tenants: another client's own check still waits behind the burst's checks queued before it.
 *
 * A lone check is not delayed: queued from a poll or a timer callback, the first turn is the
 * same iteration's check phase (queued from a setImmediate callback it would be the next
 * iteration's, after the timers, so callers queue their work directly). Results, errors and their
 * order are the work's own.
 */

const TURN_MS = 2;

const queue: Array<() => void> = [];
let scheduled = false;

/** Runs `work` in a turn of its own (or shared with other short ones); its result or error, asynchronously. */
export function inTurn<T>(work: () => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    queue.push(() => {
      try {
        resolve(work());
      } catch (error) {
        reject(error);
      }
    });
    if (!scheduled) {
      scheduled = true;
      setImmediate(runTurn);
    }
  });
}

function runTurn(): void {
  const started = performance.now();
  do queue.shift()!();
  while (queue.length > 0 && performance.now() - started < TURN_MS);
  // Immediates queued while the check phase runs wait for the next iteration, after its poll.
  if (queue.length > 0) setImmediate(runTurn);
  else scheduled = false;
}
