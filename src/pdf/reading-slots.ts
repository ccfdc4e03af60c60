import { createLimiter } from '../models/limiter.ts';

/**
 * Two readers (reader children, pdf-in-child.ts, or rendering threads, pdf-in-thread.ts) at a time
 * per process (the machines we size for have two cores): each may use its whole memory bound.
 */
export const readingSlots = createLimiter(2);

/** A reading slot's release function, once one is free. */
export const acquireReadingSlot = (): Promise<() => void> => readingSlots.acquire();
