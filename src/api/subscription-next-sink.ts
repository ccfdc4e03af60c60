/**
 * A way for a subscription's result stream to hand an already serialised `next` payload (its JSON,
 * UTF-8 encoded, shared by every subscriber it goes to and never changed) straight
 * to the socket of its graphql-ws subscription, bypassing the per-result path (envelop's result
 * hooks, graphql-ws's `emit.next`, one JSON.stringify of the whole result per subscriber).
 *
 * The graphql-ws transport attaches a sink to the context of each subscription it runs, when
 * nothing of its own options would see or change a `next` message (no `onNext`, no
 * `jsonMessageReplacer`); SSE subscriptions get none. The stream that uses it must only pass
 * results that no per-result hook would change (see use-shared-subscription-results.ts), and must
 * wait for a returned promise: the socket has too much queued and holds this subscription back.
 */
export type NextPayloadSink = (payloadJson: Uint8Array) => void | Promise<void>;

const sinks = new WeakMap<object, NextPayloadSink>();

export function attachNextPayloadSink(contextValue: object, sink: NextPayloadSink): void {
  sinks.set(contextValue, sink);
}

export function nextPayloadSinkOf(contextValue: unknown): NextPayloadSink | undefined {
  return typeof contextValue === 'object' && contextValue !== null ? sinks.get(contextValue) : undefined;
}
