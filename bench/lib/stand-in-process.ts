/**
 * The Gemini stand-in in a process of its own (see stand-in-remote.ts for why). It answers every
 * subtree with a valid value after the latency it is started with, and keeps the wall-clock time
 * (epoch ms, sub-millisecond) at which each request arrived (its headers read; its answer is due
 * that latency later), for the parent to ask for.
 */
import { startGeminiStub } from '../../test/helpers/gemini-stub.ts';
import { answerOf } from './stand-in-answers.ts';
import type { StandInMessage, StandInReply } from './stand-in-remote.ts';

const send = (reply: StandInReply) => process.send?.(reply);

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
