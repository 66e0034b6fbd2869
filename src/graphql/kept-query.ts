import { type Placeholder, sql } from 'drizzle-orm';
import {
  type ASTNode,
  type FieldNode,
  type GraphQLResolveInfo,
  Kind,
  type OperationDefinitionNode,
  visit,
} from 'graphql';
import { LRUCache } from 'lru-cache';
import type { Db } from '../db/client.js';
import { databaseId } from './ids.js';

/** Drizzle's relational query (`db.query.x.findFirst(…)`, `findMany(…)`), as far as it is used here. */
interface RelationalQuery<T> {
  prepare(name: string): { execute(values?: Record<string, unknown>): Promise<T> };
}

interface KeptQuery {
  db: Db;
  prepared: { execute(values?: Record<string, unknown>): Promise<unknown> };
}

/** How many kept queries one operation may hold (one per set of the variables they depend on). */
const KEPT_PER_OPERATION = 32;

// Per parsed operation: Yoga's parse cache hands the same document object for the same text, so
// an operation's kept queries live as long as its document does.
const keptByOperation = new WeakMap<OperationDefinitionNode, LRUCache<string, KeptQuery>>();
const variablesByField = new WeakMap<FieldNode, string[]>();

/**
 * The names of the variables a root field reads, in its arguments, directives and the selection
 * beneath it (through fragments), less those read only by the arguments in `placeholders`: the
 * query the field plans can differ only by these (a page size, a cursor, an `@include`).
 */
function variablesRead(info: GraphQLResolveInfo, placeholders: readonly string[]): string[] {
  const first = info.fieldNodes[0] as FieldNode;
  const known = variablesByField.get(first);
  if (known) return known;
  const names = new Set<string>();
  const fragments = new Set<string>();
  const collect = (node: ASTNode) =>
    visit(node, {
      Variable: (variable) => {
        names.add(variable.name.value);
      },
      FragmentSpread: (spread) => {
        const name = spread.name.value;
        const fragment = info.fragments[name];
        if (!fragments.has(name) && fragment) {
          fragments.add(name);
          collect(fragment);
        }
      },
    });
  for (const field of info.fieldNodes) {
    for (const argument of field.arguments ?? []) {
      // An argument the query takes as a placeholder is bound at execution, not built in.
      if (!placeholders.includes(argument.name.value) || argument.value.kind !== Kind.VARIABLE) collect(argument);
    }
    for (const directive of field.directives ?? []) collect(directive);
    if (field.selectionSet) collect(field.selectionSet);
  }
  const read = [...names].sort();
  variablesByField.set(first, read);
  return read;
}

/**
 * Runs a root field's relational query from drizzle's prepared query, kept per operation, field
 * and the values of the variables that field reads (less those bound as placeholders): the SQL is
 * built once, not per request, and on Postgres it is a named prepared statement (drizzle prepares
 * a named query, postgres.js keeps it per connection by its text), so neither the 3–4 KB text
 * nor its planning crosses the wire again. `build` is called every time: the drizzle plugin's
 * `query()` records, while it builds, what the fields beneath will find on the rows, and the
 * same document with the same variables builds the same query. Its arguments that change per
 * request must be `sql.placeholder(name)`, bound from `values`.
 */
export function runKeptQuery<T>(
  ctx: { db: Db },
  info: GraphQLResolveInfo,
  build: () => RelationalQuery<T>,
  values: Record<string, unknown> = {},
): Promise<T> {
  const query = build();
  let kept = keptByOperation.get(info.operation);
  if (!kept) {
    kept = new LRUCache({ max: KEPT_PER_OPERATION });
    keptByOperation.set(info.operation, kept);
  }
  const read = variablesRead(info, Object.keys(values));
  // A variable left out (absent from the object, so from the text) and one sent as null may plan apart.
  const key = `${info.path.key}\u0000${JSON.stringify(Object.fromEntries(read.map((name) => [name, info.variableValues[name]])))}`;
  let entry = kept.get(key);
  if (entry?.db !== ctx.db) {
    entry = { db: ctx.db, prepared: query.prepare(`kept_${info.path.key}`) };
    kept.set(key, entry);
  }
  return entry.prepared.execute(values) as Promise<T>;
}

/**
 * A root field that finds one row by a global id: the id's database id bound to the kept query's
 * `id` placeholder (`runKeptQuery`), or null for an id that names no row of the type.
 */
export function runKeptById<T>(
  ctx: { db: Db },
  info: GraphQLResolveInfo,
  globalId: string | number,
  find: (where: { id: Placeholder<'id'> }) => RelationalQuery<T>,
): Promise<T> | null {
  const id = databaseId(globalId);
  return id === null ? null : runKeptQuery(ctx, info, () => find({ id: sql.placeholder('id') }), { id });
}
