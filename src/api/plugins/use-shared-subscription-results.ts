import {
  createSourceEventStream,
  execute,
  getOperationAST,
  GraphQLError,
  Kind,
  print,
  visit,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FieldNode,
  type OperationDefinitionNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { ApiContext } from '../context.ts';
import { nextPayloadSinkOf, type NextPayloadSink } from '../subscription-next-sink.ts';
import { toError } from '../../to-error.ts';

/**
 * Executes the selection set of a subscription event ONCE per process for all subscribers that
 * asked for the same thing, instead of once per subscriber: a job's live event is one object that
 * the shared feed hands to every follower (events/job-event-feed.ts), so with 1,000 clients
 * watching a job, execution per event was 1,000 identical runs of the same resolvers.
 *
 * Only for the root fields listed in `fields`, which must satisfy, for sharing to be invisible:
 * - the field's `resolve` returns the source event itself, and every resolver below it reads only
 *   its parent value (no context, no database, no clock): the result is then a function of
 *   (event object, document, operation name, variables outside the root field's arguments);
 * - the root field's arguments only choose the stream (they are read by `subscribe`), so two
 *   clients following one job from different cursors share the results of the events both see.
 * The tenant is part of the key all the same, so sharing never crosses tenants even if a
 * resolver were to start reading the context.
 *
 * Results with errors are never shared (each subscriber's copy is masked and logged by the
 * per-subscriber hooks, as before). Shared results are read-only: the transports serialise them,
 * and the per-result hooks (error masking, error status) replace results that carry errors rather
 * than change them. For the same reason a shared result is also serialised once: over graphql-ws
 * its JSON goes straight to each subscriber's socket (see mapEvents below).
 */
export function useSharedSubscriptionResults(fields: readonly string[]): Plugin<Partial<ApiContext>> {
  const shareable = new Set(fields);
  const plans = new WeakMap<DocumentNode, Map<string, SharePlan | null>>();
  const results = new WeakMap<object, Map<string, SharedResult>>();

  const planFor = (document: DocumentNode, operationName: string | null | undefined): SharePlan | null => {
    let byOperation = plans.get(document);
    if (!byOperation) plans.set(document, (byOperation = new Map()));
    const name = operationName ?? '';
    if (!byOperation.has(name)) byOperation.set(name, makePlan(document, operationName, shareable));
    return byOperation.get(name)!;
  };

  return {
    onSubscribe({ args, setSubscribeFn }) {
      const plan = planFor(args.document, args.operationName);
      if (!plan) return;
      setSubscribeFn(async (subscribeArgs: ExecutionArgs) => {
        const source = await createSourceEventStream(subscribeArgs);
        if (!isAsyncIterable(source)) return source;
        const tenantId = (subscribeArgs.contextValue as Partial<ApiContext> | undefined)?.tenant?.id ?? '';
        const key = `${tenantId}\n${plan.documentKey}\n${JSON.stringify(plan.keyVariables.map((v) => subscribeArgs.variableValues?.[v] ?? null))}`;
        const resultOf = (event: unknown): SharedResult | Promise<ExecutionResult> => {
          if (typeof event !== 'object' || event === null) return executeEvent(subscribeArgs, event);
          let byKey = results.get(event);
          if (!byKey) results.set(event, (byKey = new Map()));
          let shared = byKey.get(key);
          if (!shared) {
            const promise = executeEvent(subscribeArgs, event);
            const entry: SharedResult = { promise, result: undefined, json: undefined };
            byKey.set(key, (shared = entry));
            // A result with errors is not shared: the next subscriber executes for itself.
            void promise.then(
              (r) => (r.errors ? byKey.get(key) === entry && byKey.delete(key) : (entry.result = r)),
              () => byKey.get(key) === entry && byKey.delete(key),
            );
          }
          return shared;
        };
        return mapEvents(source[Symbol.asyncIterator](), resultOf, plan.operation, nextPayloadSinkOf(subscribeArgs.contextValue));
      });
    },
  };
}

/** One execution result shared by the subscribers of one key, and its JSON (UTF-8) once someone needed it. */
interface SharedResult {
  promise: Promise<ExecutionResult>;
  /** Set once the execution succeeded without errors. */
  result: ExecutionResult | undefined;
  json: Uint8Array | undefined;
}

interface SharePlan {
  operation: OperationDefinitionNode;
  documentKey: string;
  /** Variables the per-event execution can see: every one used outside the root field's arguments. */
  keyVariables: string[];
}

function makePlan(document: DocumentNode, operationName: string | null | undefined, shareable: Set<string>): SharePlan | null {
  const operation = getOperationAST(document, operationName);
  if (!operation || operation.operation !== 'subscription') return null;
  const roots = operation.selectionSet.selections;
  if (roots.length !== 1 || roots[0]!.kind !== Kind.FIELD || roots[0]!.directives?.length) return null;
  const root = roots[0] as FieldNode;
  if (!shareable.has(root.name.value)) return null;
  const rootArguments = new Set(root.arguments ?? []);
  const keyVariables = new Set<string>();
  visit(document, {
    Argument: (node) => (rootArguments.has(node) ? false : undefined),
    VariableDefinition: () => false,
    Variable: (node) => void keyVariables.add(node.name.value),
  });
  return { operation, documentKey: `${operationName ?? ''}\n${document.loc?.source.body ?? print(document)}`, keyVariables: [...keyVariables].sort() };
}

async function executeEvent(args: ExecutionArgs, event: unknown): Promise<ExecutionResult> {
  return (await execute({ ...args, rootValue: event })) as ExecutionResult;
}

/**
 * The response stream: each source event mapped to its (possibly shared) result. `return` and
 * `throw` go straight to the source, as in graphql's own mapping, so that a client's unsubscribe
 * ends the job's follower at once even while it waits for the next event.
 *
 * With a `sink` (a graphql-ws subscription, see subscription-next-sink.ts), a shared result
 * without errors is not yielded but written through the sink as the JSON serialised (and UTF-8
 * encoded) once for all its subscribers: with 1,000 subscribers that saves 1,000 passes through
 * the per-result hooks, graphql-ws's emit, JSON.stringify and encoding per event. Such results are
 * exactly the ones the per-result hooks (error masking, error status) leave as they are. Anything else (results with errors,
 * results not shared) is yielded and takes the usual path, after the frames written before it.
 */
function mapEvents(
  source: AsyncIterator<unknown>,
  resultOf: (event: unknown) => SharedResult | Promise<ExecutionResult>,
  operation: OperationDefinitionNode,
  sink: NextPayloadSink | undefined,
): AsyncGenerator<ExecutionResult, void, void> {
  const done = { value: undefined, done: true } as const;
  let ended = false;
  const mapped: AsyncGenerator<ExecutionResult, void, void> = {
    async next() {
      for (;;) {
        let step;
        try {
          step = await source.next();
        } catch (error) {
          const original = toError(error);
          throw new GraphQLError(original.message, { nodes: [operation], originalError: original });
        }
        if (step.done || ended) return done;
        const mappedEvent = resultOf(step.value);
        if (mappedEvent instanceof Promise) return { value: await mappedEvent, done: false };
        const result = mappedEvent.result ?? (await mappedEvent.promise);
        // Ended while the result was computed: the client may already reuse this subscription's
        // id for another operation, so nothing may go out under it.
        if (ended) return done;
        if (!sink || result.errors) return { value: result, done: false };
        mappedEvent.json ??= Buffer.from(JSON.stringify(result));
        const full = sink(mappedEvent.json);
        if (full) await full;
      }
    },
    async return() {
      ended = true;
      await source.return?.();
      return done;
    },
    async throw(error: unknown) {
      ended = true;
      if (source.throw) await source.throw(error);
      throw error;
    },
    [Symbol.asyncIterator]() {
      return mapped;
    },
    async [Symbol.asyncDispose]() {
      await mapped.return();
    },
  };
  return mapped;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof (value as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === 'function';
}
