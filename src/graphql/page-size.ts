import {
  type ArgumentNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  getNamedType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

export const MAX_PAGE_SIZE = 100;
/** What a connection returns when asked for no page size (the Pothos builder's default). */
export const DEFAULT_PAGE_SIZE = 20;
/**
 * Most rows an operation may ask for, counting each connection as its page size times one plus
 * the rows each of its nodes asks for: 20 articles with 20 people, places and quotes each is
 * 1,220; 100 places with 20 articles each 2,100; 100 people with 100 co-mentioned people each
 * 10,100 (which ran 10,100 statements), and with 100 more each about 1,000,000.
 */
export const MAX_ESTIMATED_ROWS = 5_000;

type Variables = Record<string, unknown>;

/**
 * The variables an operation runs with: those sent, and each declared default for one not sent
 * (`query($n: Int = 500)`), as execution will see them.
 */
export function effectiveVariables(operation: OperationDefinitionNode | undefined, sent: Variables): Variables {
  const values: Variables = { ...sent };
  for (const definition of operation?.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (values[name] === undefined && definition.defaultValue?.kind === Kind.INT) {
      values[name] = Number(definition.defaultValue.value);
    }
  }
  return values;
}

function numberOf(value: ValueNode, variables: Variables): number | null {
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.VARIABLE) {
    const v = variables[value.name.value];
    return typeof v === 'number' ? v : null;
  }
  return null;
}

function operationOf(document: DocumentNode, operationName?: string | null): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  return operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
}

/**
 * Calls `visit` with every `first` and `last` argument of every field in the document's
 * operations and fragments (inline ones included; a spread's fragment is visited where it is
 * defined), until `done` says so, which is asked before each selection: the arguments of the
 * field being visited are all visited.
 */
function visitPageArguments(document: DocumentNode, visit: (arg: ArgumentNode) => void, done: () => boolean): void {
  const visitSet = (set: SelectionSetNode | undefined) => {
    for (const selection of set?.selections ?? []) {
      if (done()) return;
      if (selection.kind === Kind.FIELD) {
        for (const arg of selection.arguments ?? []) {
          if (arg.name.value === 'first' || arg.name.value === 'last') visit(arg);
        }
        visitSet(selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visitSet(selection.selectionSet);
      }
    }
  };
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION || definition.kind === Kind.FRAGMENT_DEFINITION) {
      visitSet(definition.selectionSet);
    }
  }
}

/** The first `first` or `last` argument anywhere in the operation that asks for too many rows. */
export function oversizedPage(
  document: DocumentNode,
  variables: Variables,
  operationName?: string | null,
): string | null {
  const values = effectiveVariables(operationOf(document, operationName), variables);
  let found: string | null = null;
  visitPageArguments(
    document,
    (arg) => {
      const size = numberOf(arg.value, values);
      if (size !== null && size > MAX_PAGE_SIZE) found = `${arg.name.value}: ${size}`;
    },
    () => found !== null,
  );
  return found;
}

/**
 * How many rows the operation asks for at most: a connection's edges or nodes count its page size
 * (`first` or `last`, from a literal, a variable or a variable's default; the default page size if
 * none) times one plus the rows each node asks for; other fields count the rows of the
 * connections inside them. Fragments count where
 * they are spread. The cost limit of graphql-armor counts fields, not pages, so 100 × 100 × 100
 * co-mentions looked as cheap as one.
 */
export function estimatedRows(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Variables,
  operationName?: string | null,
): number {
  const operation = operationOf(document, operationName);
  if (!operation) return 0;
  const values = effectiveVariables(operation, variables);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const root =
    operation.operation === 'query'
      ? schema.getQueryType()
      : operation.operation === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  const setCost = (
    type: GraphQLCompositeType | null | undefined,
    set: SelectionSetNode,
    spreading: Set<string>,
  ): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const fields = type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields() : null;
        const field = fields?.[selection.name.value];
        if (!selection.selectionSet) continue;
        const named = field ? getNamedType(field.type) : null;
        const inner = named && (isObjectType(named) || isInterfaceType(named) || isUnionType(named)) ? named : null;
        if (!inner?.name.endsWith('Connection')) {
          total += setCost(inner, selection.selectionSet, spreading);
          continue;
        }
        let size = DEFAULT_PAGE_SIZE;
        for (const arg of selection.arguments ?? []) {
          if (arg.name.value === 'first' || arg.name.value === 'last') size = numberOf(arg.value, values) ?? size;
        }
        size = Math.max(0, Math.min(size, MAX_PAGE_SIZE));
        // Only a page's edges and nodes come once per row; its totalCount and pageInfo come once.
        let connection = 0;
        for (const part of selection.selectionSet.selections) {
          const one = { ...selection.selectionSet, selections: [part] };
          const perRow = part.kind === Kind.FIELD && (part.name.value === 'edges' || part.name.value === 'nodes');
          const cost = setCost(inner, one, spreading);
          connection += perRow ? size * (1 + cost) : part.kind === Kind.FIELD ? cost : size * cost;
        }
        total += connection;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        total += setCost(
          on && !isInputLike(on) ? (on as GraphQLCompositeType) : type,
          selection.selectionSet,
          spreading,
        );
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || spreading.has(name)) continue; // a cycle is refused by validation
        const on = schema.getType(fragment.typeCondition.name.value);
        const next = new Set(spreading).add(name);
        total += setCost(on && !isInputLike(on) ? (on as GraphQLCompositeType) : type, fragment.selectionSet, next);
      }
    }
    return total;
  };
  return setCost(root, operation.selectionSet, new Set());
}

function isInputLike(type: unknown): boolean {
  return !(isObjectType(type) || isInterfaceType(type) || isUnionType(type));
}

/** Whether any `first` or `last` in the document is a variable: only then do the verdicts read variables. */
export function pageSizesReadVariables(document: DocumentNode): boolean {
  let found = false;
  visitPageArguments(
    document,
    (arg) => {
      if (arg.value.kind === Kind.VARIABLE) found = true;
    },
    () => found,
  );
  return found;
}

const MAX_VERDICTS = 16;

/** What the two walks say of an operation: the oversized page they found, or the rows it asks for. */
type Verdict = { oversized: string } | { rows: number };

function verdictOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Variables,
  operationName?: string | null,
): Verdict {
  const found = oversizedPage(document, variables, operationName);
  if (found) return { oversized: found };
  return { rows: estimatedRows(schema, document, variables, operationName) };
}

/**
 * Whether usePageSizeLimit refuses the operation with these variables (as sent): the compiled
 * tier's fast path hands such a request on to Yoga, which refuses it.
 */
export function pageSizesRefused(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Variables,
  operationName?: string | null,
): boolean {
  const verdict = verdictOf(schema, document, variables, operationName);
  return 'oversized' in verdict || verdict.rows > MAX_ESTIMATED_ROWS;
}

/**
 * Refuses, before it runs a single statement, an operation that asks any connection for more than
 * MAX_PAGE_SIZE rows, or asks for more than MAX_ESTIMATED_ROWS rows in all, reading variables and
 * their defaults as execution will. The connection plugins would silently cut a page to the
 * maximum; a client asking for more than it can get deserves to be told. A document whose page
 * sizes are all written in gets the same verdict every time: Yoga hands the same parsed document
 * for the same text, so the verdict is kept with it, per operation name.
 */
export function usePageSizeLimit(): Plugin {
  const verdicts = new WeakMap<DocumentNode, { readsVariables: boolean; byOperation: Map<string, Verdict> }>();
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const variables = (args.variableValues ?? {}) as Variables;
      let known = verdicts.get(args.document);
      if (!known) {
        known = { readsVariables: pageSizesReadVariables(args.document), byOperation: new Map() };
        verdicts.set(args.document, known);
      }
      let verdict: Verdict;
      if (known.readsVariables) verdict = verdictOf(args.schema, args.document, variables, args.operationName);
      else {
        const key = args.operationName ?? '';
        const kept = known.byOperation.get(key);
        verdict = kept ?? verdictOf(args.schema, args.document, variables, args.operationName);
        // Operation names are the client's to make up: a document keeps a few verdicts, no more.
        if (!kept && known.byOperation.size < MAX_VERDICTS) known.byOperation.set(key, verdict);
      }
      if ('oversized' in verdict) {
        setResultAndStopExecution({
          errors: [
            createGraphQLError(
              `Page size ${verdict.oversized} is too large: "first" and "last" may be at most ${MAX_PAGE_SIZE}; page on with "after" or "before".`,
              { extensions: { code: 'BAD_USER_INPUT' } },
            ),
          ],
        });
        return;
      }
      const rows = verdict.rows;
      if (rows > MAX_ESTIMATED_ROWS) {
        setResultAndStopExecution({
          errors: [
            createGraphQLError(
              `The operation asks for about ${rows} rows (each connection's page size times what each of its nodes asks for); at most ${MAX_ESTIMATED_ROWS} are served in one request: ask for smaller pages or fewer nested connections.`,
              { extensions: { code: 'OPERATION_LIMIT_EXCEEDED', limit: 'rows', http: { spec: true, status: 400 } } },
            ),
          ],
        });
      }
    },
  };
}
