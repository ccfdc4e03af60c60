/**
 * The Gemini stand-in in a process of its own (see stand-in-remote.ts for why). It answers every
 * subtree with a valid value after the latency it is started with, and keeps the wall-clock time
 * (epoch ms, sub-millisecond) at which each request arrived (its headers read; its answer is due
 * that latency later), for the parent to ask for.
 */
import { setPriority } from 'node:os';
import { startGeminiStub } from '../../test/helpers/gemini-stub.ts';
import { answerOf } from './stand-in-answers.ts';
import type { StandInMessage, StandInReply } from './stand-in-remote.ts';

const send = (reply: StandInReply) => process.send?.(reply);

/**
 * A real provider answers from machines of its own; this one shares the bench's cores with the
 * service it times, and on a loaded machine its timers and writes wait behind the service's work,
 * so answers come late and the service is charged for the machine. At a higher priority the
 * scheduler runs it first whenever it has work, which is little (it only reads, waits, writes), so
 * the service loses next to nothing. Raising a priority needs privilege (CAP_SYS_NICE, or root);
 * without it the stand-in runs at the normal priority as before.
 */
const STAND_IN_NICE = -10;
try {
  setPriority(STAND_IN_NICE);
} catch {
  // Not permitted: run at the normal priority.
}

const latencyMs = Number(process.env.STAND_IN_LATENCY_MS ?? 0);
let arrivals: number[] = [];
let requests = 0;
const stub = await startGeminiStub();
stub.respond((request) => {
  arrivals.push(request.arrivedAt);
  requests++;
  return { kind: 'json', value: answerOf(request), delayMs: latencyMs };
});

process.on('message', (message: StandInMessage) => {
  if (message.type === 'arrivals') {
    send({ type: 'arrivals', arrivals, requests });
    arrivals = [];
  }
});
// The parent gone (ended, or killed): nothing left to answer for.
process.on('disconnect', () => {
  void stub.close().finally(() => process.exit(0));
});
send({ type: 'ready', url: stub.url });
