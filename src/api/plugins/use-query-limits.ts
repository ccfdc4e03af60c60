import {
  GraphQLError,
  Kind,
  parse,
  type ASTNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ASTVisitor,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ERROR_STATUS } from '../../errors.ts';

/**
 * Production protections against expensive documents: a token limit enforced by the parser
 * (before any work is done on the document), a selection depth limit, and validation messages
 * without "Did you mean ...?" suggestions that would reveal the schema to a caller probing it.
 */
export function useQueryLimits(options: { maxTokens: number; maxDepth: number }): Plugin {
  // One rule for every request: the same function each time lets the validation cache
  // (use-parse-and-validation-cache.ts) see the same rules without comparing their names.
  const depthRule = maxDepthRule(options.maxDepth);
  return {
    onParse({ setParseFn }) {
      setParseFn((source, parseOptions) => parse(source, { ...parseOptions, maxTokens: options.maxTokens }));
    },
    onValidate({ addValidationRule }) {
      addValidationRule(depthRule);
      return ({ result, setResult }) => {
        if (result.length === 0) return;
        setResult(
          result.map(
            (error) =>
              new GraphQLError(stripSuggestions(error.message), {
                nodes: error.nodes,
                source: error.source,
                positions: error.positions,
                path: error.path,
                originalError: error.originalError,
                // The contract's code for a request the caller got wrong. `spec: false` keeps Yoga
                // from answering 200 to `accept: application/json` clients, so the status is 400
                // for every client like every other BAD_USER_INPUT.
                extensions: { ...error.extensions, code: 'BAD_USER_INPUT', http: { status: ERROR_STATUS.BAD_USER_INPUT, spec: false } },
              }),
          ),
        );
      };
    },
  };
}

export function stripSuggestions(message: string): string {
  return message.replace(/\s*Did you mean .*\?$/s, '');
}

/**
 * The standard introspection query (GraphiQL's, graphql-js 16 with every option) is 15 deep: its
 * `ofType` chain unwraps nine levels of list/non-null. Selections under `__schema`/`__type` are
 * counted like any other, against this bound or the configured one when that is larger; every
 * other path, `__typename` included, is held to the configured limit.
 */
export const INTROSPECTION_MAX_DEPTH = 15;

function maxDepthRule(maxDepth: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    const introspectionMax = Math.max(maxDepth, INTROSPECTION_MAX_DEPTH);
    return {
      OperationDefinition(operation) {
        const depth = selectionDepth(operation.selectionSet, fragments, new Set(), false);
        if (depth.regular > maxDepth) {
          context.reportError(
            new GraphQLError(`Query depth ${depth.regular} exceeds the limit of ${maxDepth}.`, { nodes: [operation as ASTNode] }),
          );
        }
        if (depth.introspection > introspectionMax) {
          context.reportError(
            new GraphQLError(`Introspection depth ${depth.introspection} exceeds the limit of ${introspectionMax}.`, { nodes: [operation as ASTNode] }),
          );
        }
      },
    };
  };
}

interface Depth {
  /** Deepest path that does not enter __schema or __type. */
  regular: number;
  /** Deepest path that does. */
  introspection: number;
}

function selectionDepth(
  selectionSet: SelectionSetNode | undefined,
  fragments: Map<string, FragmentDefinitionNode>,
  visiting: Set<string>,
  inIntrospection: boolean,
): Depth {
  const deepest: Depth = { regular: 0, introspection: 0 };
  if (!selectionSet) return deepest;
  for (const selection of selectionSet.selections) {
    let depth: Depth;
    if (selection.kind === Kind.FIELD) {
      const entersIntrospection = inIntrospection || selection.name.value === '__schema' || selection.name.value === '__type';
      const below = selectionDepth(selection.selectionSet, fragments, visiting, entersIntrospection);
      depth = entersIntrospection
        ? { regular: 0, introspection: 1 + Math.max(below.regular, below.introspection) }
        : { regular: 1 + below.regular, introspection: below.introspection > 0 ? 1 + below.introspection : 0 };
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      depth = selectionDepth(selection.selectionSet, fragments, visiting, inIntrospection);
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || visiting.has(name)) continue; // cycles are reported by the standard rules
      visiting.add(name);
      depth = selectionDepth(fragment.selectionSet, fragments, visiting, inIntrospection);
      visiting.delete(name);
    }
    deepest.regular = Math.max(deepest.regular, depth.regular);
    deepest.introspection = Math.max(deepest.introspection, depth.introspection);
  }
  return deepest;
}
