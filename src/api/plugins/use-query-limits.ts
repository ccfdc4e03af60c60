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
  return {
    onParse({ setParseFn }) {
      setParseFn((source, parseOptions) => parse(source, { ...parseOptions, maxTokens: options.maxTokens }));
    },
    onValidate({ addValidationRule }) {
      addValidationRule(maxDepthRule(options.maxDepth));
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

function maxDepthRule(maxDepth: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    return {
      OperationDefinition(operation) {
        const depth = selectionDepth(operation.selectionSet, fragments, new Set());
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(`Query depth ${depth} exceeds the limit of ${maxDepth}.`, { nodes: [operation as ASTNode] }),
          );
        }
      },
    };
  };
}

function selectionDepth(
  selectionSet: SelectionSetNode | undefined,
  fragments: Map<string, FragmentDefinitionNode>,
  visiting: Set<string>,
): number {
  if (!selectionSet) return 0;
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    let depth = 0;
    if (selection.kind === Kind.FIELD) {
      // Introspection (GraphiQL's schema query) is deep by nature and cheap; do not count it.
      if (selection.name.value.startsWith('__')) continue;
      depth = 1 + selectionDepth(selection.selectionSet, fragments, visiting);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      depth = selectionDepth(selection.selectionSet, fragments, visiting);
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || visiting.has(name)) continue; // cycles are reported by the standard rules
      visiting.add(name);
      depth = selectionDepth(fragment.selectionSet, fragments, visiting);
      visiting.delete(name);
    }
    deepest = Math.max(deepest, depth);
  }
  return deepest;
}
