import { decodeBase64, decodeCursorChunk } from '@pothos/core';
import { type Column, getColumns } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
  valueFromAST,
} from 'graphql';
import { checkKeysetCursors } from '../cursors.js';
import { databaseId, decodeNodeId } from '../ids.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../page-size.js';
import { type ConnectionPlan, type Direction, type FieldPlan, planOf, type RelationMeta } from './mapping.js';

/** Thrown while compiling or binding: the operation runs on the normal path instead. */
export class NotCompilable extends Error {}

type Variables = Record<string, unknown>;

/** One bound parameter: its SQL type and how to read it from the operation's coerced variables. */
interface Param {
  cast: 'int' | 'timestamptz' | 'text';
  read: (variables: Variables) => unknown;
}

/** A document compiled for one shape of its variables: one statement, its parameters. */
export interface CompiledOperation {
  sql: string;
  params: Param[];
  checks: ((variables: Variables) => void)[];
}

/**
 * The variables whose values change the statement itself (an order, a null cursor, a filter left
 * out), each with how a value is reduced to what matters; their values make a variant's key.
 */
export type Structural = Map<string, { variable: string; reduce: (value: unknown) => string }>;

// json_build_object takes at most 100 arguments.
const MAX_KEYS = 50;

interface Compiler {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Variables;
  params: Param[];
  /** Checks of arguments no parameter carries; each throws NotCompilable where execution would refuse. */
  checks: ((variables: Variables) => void)[];
  structural: Structural;
  aliases: number;
  /** Whether the statement reads a table: one that does not is left to execution, which needs no database for it. */
  readsTables: boolean;
}

function tableName(table: PgTable): string {
  return getTableConfig(table).name;
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new NotCompilable(`identifier ${name}`);
  return name;
}

function columnRef(alias: string, column: Column): string {
  return `${alias}.${quoteIdent(column.name)}`;
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function bind(c: Compiler, cast: Param['cast'], read: Param['read']): string {
  c.params.push({ cast, read });
  return `$${c.params.length}::${cast}`;
}

function nextAlias(c: Compiler): string {
  c.readsTables = true;
  c.aliases += 1;
  return `t${c.aliases}`;
}

function base64(textSql: string): string {
  // encode() breaks base64 into lines of 76 characters; the API's ids and cursors have none.
  return `translate(encode(convert_to(${textSql}, 'UTF8'), 'base64'), E'\\n', '')`;
}

/** DateTime as the scalar writes it: UTC, milliseconds only when there are some. */
function dateTimeSql(ref: string): string {
  return `replace(to_char(${ref} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), '.000Z', 'Z')`;
}

function isDateColumn(column: Column): boolean {
  return column.dataType === 'object date';
}

function isTextColumn(column: Column): boolean {
  // drizzle reports a text[] column as a string one too; only its config says it is an array.
  const dimensions = (column as unknown as { config?: { dimensions?: number } }).config?.dimensions;
  return column.dataType === 'string' && !dimensions;
}

function isIntColumn(column: Column): boolean {
  return column.dataType.startsWith('number int');
}

/**
 * The fields of a selection set on an object type, by response key in the order execution
 * answers them (first appearance, fragments spread in place), as graphql-js collects them.
 */
function collectFields(
  c: Compiler,
  type: GraphQLObjectType,
  set: SelectionSetNode,
  into = new Map<string, FieldNode[]>(),
): Map<string, FieldNode[]> {
  for (const selection of set.selections) {
    if (selection.directives?.length) throw new NotCompilable('directives');
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      const list = into.get(key);
      if (list) list.push(selection);
      else into.set(key, [selection]);
      continue;
    }
    const condition =
      selection.kind === Kind.INLINE_FRAGMENT
        ? selection.typeCondition?.name.value
        : c.fragments.get(selection.name.value)?.typeCondition.name.value;
    if (condition && condition !== type.name && !type.getInterfaces().some((i) => i.name === condition)) continue;
    if (selection.kind === Kind.INLINE_FRAGMENT) collectFields(c, type, selection.selectionSet, into);
    else {
      const fragment = c.fragments.get(selection.name.value);
      if (!fragment) throw new NotCompilable('unknown fragment');
      if (fragment.directives?.length) throw new NotCompilable('directives');
      collectFields(c, type, fragment.selectionSet, into);
    }
  }
  return into;
}

/** The sub-selections of every node of one response key, merged as execution merges them. */
function mergedSelection(nodes: FieldNode[]): SelectionSetNode {
  return { kind: Kind.SELECTION_SET, selections: nodes.flatMap((n) => n.selectionSet?.selections ?? []) };
}

function containsVariable(value: ValueNode): boolean {
  if (value.kind === Kind.VARIABLE) return true;
  if (value.kind === Kind.LIST) return value.values.some(containsVariable);
  if (value.kind === Kind.OBJECT) return value.fields.some((f) => containsVariable(f.value));
  return false;
}

type ArgumentValue = { constant: unknown } | { variable: string; fallback: unknown };

/** An argument as execution reads it: a literal, a variable (absent: the default), or the default. */
function argument(field: GraphQLField<unknown, unknown>, node: FieldNode, name: string): ArgumentValue {
  const definition = field.args.find((a) => a.name === name);
  if (!definition) throw new NotCompilable(`argument ${name}`);
  const given = node.arguments?.find((a) => a.name.value === name);
  if (!given) return { constant: definition.defaultValue };
  if (given.value.kind === Kind.VARIABLE)
    return { variable: given.value.name.value, fallback: definition.defaultValue };
  // A variable inside a literal (`{ sources: $s }`) left out would drop its field silently here.
  if (containsVariable(given.value)) throw new NotCompilable(`variable inside argument ${name}`);
  const value = valueFromAST(given.value, definition.type, {});
  if (value === undefined) throw new NotCompilable(`argument ${name}`);
  return { constant: value };
}

function readArgument(value: ArgumentValue, variables: Variables): unknown {
  if ('constant' in value) return value.constant;
  const v = variables[value.variable];
  return v === undefined ? value.fallback : v;
}

/** An argument that shapes the statement: read now, and its variable (if any) noted as structural. */
function structuralArgument(
  c: Compiler,
  field: GraphQLField<unknown, unknown>,
  node: FieldNode,
  name: string,
  reduce: (value: unknown) => string = (v) => JSON.stringify(v ?? null),
): unknown {
  const value = argument(field, node, name);
  if ('variable' in value) {
    const fallback = value.fallback;
    // Keyed by the variable and the role it plays here, as one variable may play two.
    c.structural.set(`${value.variable}@${field.name}.${name}`, {
      variable: value.variable,
      reduce: (v) => reduce(v === undefined ? fallback : v),
    });
  }
  return readArgument(value, c.variables);
}

/** The parts of a keyset cursor, read and checked as the connection's resolver checks them. */
function cursorValues(cursor: string, rows: PgTable, order: [Column, Direction][]): unknown[] {
  const columns = getColumns(rows) as Record<string, Column>;
  const keyOf = (column: Column) => {
    const key = Object.keys(columns).find((k) => columns[k] === column);
    if (!key) throw new NotCompilable('order column');
    return key;
  };
  try {
    checkKeysetCursors({ after: cursor }, rows, Object.fromEntries(order.map(([col, d]) => [keyOf(col), d])));
    const decoded: unknown = decodeCursorChunk(decodeBase64(cursor).slice(3));
    return Array.isArray(decoded) ? decoded : [decoded];
  } catch {
    throw new NotCompilable('invalid cursor');
  }
}

function cursorLength(value: unknown): string {
  if (value == null) return 'null';
  if (typeof value !== 'string') return 'invalid';
  try {
    const decoded: unknown = decodeCursorChunk(decodeBase64(value).slice(3));
    return String(Array.isArray(decoded) ? decoded.length : 1);
  } catch {
    return 'invalid';
  }
}

/** The cursor the drizzle plugin writes for a row: DC: and its order's values, each tagged. */
function cursorSql(alias: string, order: [Column, Direction][]): string {
  const chunk = ([column]: [Column, Direction]) => {
    if (!column.notNull) throw new NotCompilable('nullable order column');
    const ref = columnRef(alias, column);
    if (isIntColumn(column)) return `'N:' || ${ref}`;
    if (isDateColumn(column)) return `'D:' || floor(extract(epoch from ${ref}) * 1000)::bigint`;
    if (isTextColumn(column)) return `'S:' || ${ref}`;
    throw new NotCompilable('order column type');
  };
  // A tuple is JSON.stringify of its tagged parts: to_json writes a string as it does.
  const text =
    order.length === 1
      ? `'DC:' || ${chunk(order[0] as [Column, Direction])}`
      : `'DC:T:[' || ${order.map((key) => `to_json(${chunk(key)})::text`).join(` || ',' || `)} || ']'`;
  return base64(text);
}

function primaryKey(table: PgTable): Column {
  const columns = Object.values(getColumns(table) as Record<string, Column>).filter((col) => col.primary);
  if (columns.length !== 1) throw new NotCompilable('primary key');
  return columns[0] as Column;
}

/** `json_build_object` of a selection on a node type over a row of its table under `alias`. */
function objectSql(c: Compiler, type: GraphQLObjectType, set: SelectionSetNode, alias: string): string {
  const fields = collectFields(c, type, set);
  if (fields.size > MAX_KEYS) throw new NotCompilable('too many fields');
  const parts: string[] = [];
  for (const [key, nodes] of fields) {
    parts.push(literal(key), fieldSql(c, type, nodes, alias));
  }
  return `json_build_object(${parts.join(', ')})`;
}

function fieldDefinition(type: GraphQLObjectType, name: string): GraphQLField<unknown, unknown> {
  const field = type.getFields()[name];
  if (!field) throw new NotCompilable(`field ${type.name}.${name}`);
  return field;
}

function objectType(c: Compiler, name: string): GraphQLObjectType {
  const type = c.schema.getType(name);
  if (!isObjectType(type)) throw new NotCompilable(`type ${name}`);
  return type;
}

function columnSql(
  field: GraphQLField<unknown, unknown>,
  plan: Extract<FieldPlan, { kind: 'column' }>,
  alias: string,
): string {
  const ref = columnRef(alias, plan.column);
  const named = getNamedType(field.type);
  if (isEnumType(named)) {
    const cases = named
      .getValues()
      .map((v) => `when ${literal(String(v.value))} then ${literal(v.name)}`)
      .join(' ');
    const known = named.getValues().find((v) => v.value === plan.unknownEnumValue);
    // A value no enum has would be an error on the normal path: fail the statement (a cast
    // of the column itself, never folded at planning) so the operation runs there.
    const otherwise = known ? literal(known.name) : `(${ref}::int)::text`;
    return `(case ${ref} ${cases} else ${otherwise} end)`;
  }
  if (isDateColumn(plan.column)) return dateTimeSql(ref);
  return ref;
}

function fieldSql(c: Compiler, parent: GraphQLObjectType, nodes: FieldNode[], alias: string): string {
  const node = nodes[0] as FieldNode;
  const name = node.name.value;
  if (name === '__typename') return literal(parent.name);
  if (name.startsWith('__')) throw new NotCompilable('introspection');
  const field = fieldDefinition(parent, name);
  const plan = planOf(parent.name, name);
  // Arguments the plan does not read would change the answer: only connections take any here.
  if (
    plan.kind !== 'connection' &&
    plan.kind !== 'lookup' &&
    plan.kind !== 'nodeLookup' &&
    nodes.some((n) => n.arguments?.length)
  ) {
    throw new NotCompilable(`arguments of ${parent.name}.${name}`);
  }
  switch (plan.kind) {
    case 'notCompilable':
      throw new NotCompilable(`${parent.name}.${name}: ${plan.reason}`);
    case 'column':
      return columnSql(field, plan, alias);
    case 'globalId':
      return base64(`${literal(`${parent.name}:`)} || ${alias}.id`);
    case 'sql':
      c.readsTables = true;
      return plan.sql(alias);
    case 'one':
      return oneSql(c, plan.relation, objectType(c, plan.type), mergedSelection(nodes), alias);
    case 'lookup':
      return lookupSql(c, field, nodes, plan.table, objectType(c, plan.type));
    case 'object':
      return objectSql(c, objectType(c, plan.type), mergedSelection(nodes), alias);
    case 'nodeLookup': {
      // The type is the id's: a variable's id shapes the statement by the type it names.
      const node = nodes[0] as FieldNode;
      const typename = structuralArgument(c, field, node, 'id', (v) => JSON.stringify(typenameOf(v)));
      const name = typenameOf(typename);
      const table = name ? plan.tables[name] : undefined;
      // Malformed (an error) or of no node type (null): the normal path says which.
      if (!name || !table) throw new NotCompilable('node id');
      return lookupSql(c, field, nodes, table, objectType(c, name));
    }
    case 'connection':
      return connectionSql(c, field, nodes, plan.connection, alias);
    default:
      throw new NotCompilable(`${parent.name}.${name} outside its connection`);
  }
}

/**
 * A JSON array of mention spans as `[Mention!]!` answers it. A part of another JSON type than
 * the field's (a null, a fraction) fails the statement, so execution answers (or refuses) it.
 */
function spansSql(c: Compiler, column: Column, set: SelectionSetNode, from: string): string {
  const mention = objectType(c, 'Mention');
  const span = nextAlias(c);
  const parts: string[] = [];
  for (const [key, list] of collectFields(c, mention, set)) {
    const name = (list[0] as FieldNode).name.value;
    parts.push(literal(key));
    if (name === '__typename') {
      parts.push(literal('Mention'));
      continue;
    }
    const plan = planOf('Mention', name);
    if (plan.kind !== 'spanPart') throw new NotCompilable(`Mention.${name}`);
    const value = `${span}.v -> ${literal(plan.key)}`;
    const expected = plan.key === 'text' ? 'string' : 'number';
    const read =
      plan.key === 'text' ? `${span}.v ->> ${literal(plan.key)}` : `(${span}.v ->> ${literal(plan.key)})::int`;
    parts.push(
      `(case when jsonb_typeof(${value}) = ${literal(expected)} then ${read} else ((${span}.v::text)::int)${plan.key === 'text' ? '::text' : ''} end)`,
    );
  }
  return `(select coalesce(json_agg(json_build_object(${parts.join(', ')}) order by ${span}.i), '[]'::json) from jsonb_array_elements(${columnRef(from, column)}) with ordinality as ${span}(v, i))`;
}

function joinCondition(relation: RelationMeta, from: string, to: string): string {
  return relation.sourceColumns
    .map((source, i) => `${columnRef(to, relation.targetColumns[i] as Column)} = ${columnRef(from, source)}`)
    .join(' and ');
}

function oneSql(c: Compiler, relation: RelationMeta, type: GraphQLObjectType, set: SelectionSetNode, from: string) {
  const to = nextAlias(c);
  return `(select ${objectSql(c, type, set, to)} from ${tableName(relation.targetTable)} ${to} where ${joinCondition(relation, from, to)})`;
}

/** The type a global id names, or null when it is no id the API would read. */
function typenameOf(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  try {
    return decodeNodeId(raw).typename;
  } catch {
    return null;
  }
}

function lookupSql(
  c: Compiler,
  field: GraphQLField<unknown, unknown>,
  nodes: FieldNode[],
  table: PgTable,
  type: GraphQLObjectType,
): string {
  const node = nodes[0] as FieldNode;
  if ((node.arguments ?? []).some((a) => a.name.value !== 'id')) throw new NotCompilable('arguments');
  const id = argument(field, node, 'id');
  const param = bind(c, 'int', (variables) => {
    const raw = readArgument(id, variables);
    if (typeof raw !== 'string') throw new NotCompilable('id');
    // The normal path refuses a malformed id or one of another type: let it say so.
    let decoded: { typename: string; id: string };
    try {
      decoded = decodeNodeId(raw);
    } catch {
      throw new NotCompilable('invalid id');
    }
    if (decoded.typename !== type.name) throw new NotCompilable('id of another type');
    const key = databaseId(decoded.id);
    if (key === null) throw new NotCompilable('id');
    return key;
  });
  const alias = nextAlias(c);
  const pk = primaryKey(table);
  return `(select ${objectSql(c, type, mergedSelection(nodes), alias)} from ${tableName(table)} ${alias} where ${columnRef(alias, pk)} = ${param})`;
}

const PAGE_ARGS = new Set(['first', 'after', 'last', 'before']);

function connectionSql(
  c: Compiler,
  field: GraphQLField<unknown, unknown>,
  nodes: FieldNode[],
  plan: ConnectionPlan,
  parentAlias: string,
): string {
  // Two fields under one key merge only with the same arguments (validation sees to it).
  const node = nodes[0] as FieldNode;
  const known = new Set([...PAGE_ARGS, ...Object.keys(plan.args ?? {})]);
  for (const a of node.arguments ?? []) if (!known.has(a.name.value)) throw new NotCompilable('argument');
  const args: Record<string, unknown> = {};
  for (const [name, shapes] of Object.entries(plan.args ?? {})) {
    args[name] = structuralArgument(c, field, node, name, (v) =>
      shapes === 'presence' ? String(v == null) : JSON.stringify(v ?? null),
    );
  }
  const order = plan.order(args);
  if (!order) throw new NotCompilable('order or filter');
  const last = structuralArgument(c, field, node, 'last', (v) => String(v == null));
  const before = structuralArgument(c, field, node, 'before', cursorLength);
  const after = structuralArgument(c, field, node, 'after', cursorLength);
  const firstGiven = structuralArgument(c, field, node, 'first', (v) => String(v == null));
  // Both is an error the resolver reports.
  if (firstGiven != null && last != null) throw new NotCompilable('first and last');
  // `last` without `first` pages backwards: the order turned, the page read from its far end.
  const backward = last != null;
  const first = argument(field, node, backward ? 'last' : 'first');

  const connectionType = getNamedType(field.type);
  if (!isObjectType(connectionType)) throw new NotCompilable('connection type');
  const fields = collectFields(c, connectionType, mergedSelection(nodes));
  const rowsTable = tableName(plan.rows);
  const parentCondition = (rowAlias: string) =>
    plan.parent ? joinCondition(plan.parent, parentAlias, rowAlias) : 'true';

  const totalCountSql = () => {
    if (plan.totalCount === 'count') {
      const alias = nextAlias(c);
      return `(select count(*) from ${rowsTable} ${alias} where ${parentCondition(alias)})`;
    }
    return columnRef(parentAlias, plan.totalCount);
  };

  const needsPage = [...fields.keys()].some((key) => {
    const name = (fields.get(key) as FieldNode[])[0]?.name.value;
    return name === 'edges' || name === 'pageInfo';
  });
  const pageSize = (variables: Variables) => {
    const value = readArgument(first, variables);
    if (value == null) return DEFAULT_PAGE_SIZE;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new NotCompilable('first');
    return Math.min(value, MAX_PAGE_SIZE);
  };
  if (!needsPage) {
    // The resolver checks its page arguments whatever is selected: so must this.
    if (after != null || before != null) throw new NotCompilable('cursor without a page');
    c.checks.push(pageSize);
    const parts: string[] = [];
    for (const [key, list] of fields) {
      const name = (list[0] as FieldNode).name.value;
      if (name === '__typename') parts.push(literal(key), literal(connectionType.name));
      else if (planOf(connectionType.name, name).kind === 'totalCount') parts.push(literal(key), totalCountSql());
      else throw new NotCompilable(`${connectionType.name}.${name}`);
    }
    return `json_build_object(${parts.join(', ')})`;
  }

  const size = bind(c, 'int', pageSize);
  const rowAlias = nextAlias(c);
  const pageAlias = nextAlias(c);
  const edgeAlias = nextAlias(c);
  const turn = (direction: Direction) => (backward ? (direction === 'asc' ? 'desc' : 'asc') : direction);
  const orderBy = (alias: string) =>
    order.map(([column, direction]) => `${columnRef(alias, column)} ${turn(direction)}`).join(', ');

  // Rows past a cursor (after) or before it: the first key that differs from the cursor's
  // differs the way the order runs (or the other way), as the plugin's keyset filter has it.
  const keysetSql = (name: 'after' | 'before', cursorValue: unknown) => {
    if (typeof cursorValue !== 'string') throw new NotCompilable(name);
    const count = cursorValues(cursorValue, plan.rows, order).length;
    const given = argument(field, node, name);
    const values = order.slice(0, count).map(([column], i) =>
      bind(c, isDateColumn(column) ? 'timestamptz' : isTextColumn(column) ? 'text' : 'int', (variables) => {
        const cursorNow = readArgument(given, variables);
        if (typeof cursorNow !== 'string') throw new NotCompilable(name);
        const parts = cursorValues(cursorNow, plan.rows, order);
        if (parts.length !== count) throw new NotCompilable('cursor length');
        const value = parts[i];
        return value instanceof Date ? value.toISOString() : value;
      }),
    );
    const alternatives = order.slice(0, count).map(([column, direction], i) => {
      const equal = order
        .slice(0, i)
        .map(([previous], j) => `${columnRef(rowAlias, previous)} = ${values[j]}`)
        .join(' and ');
      const greater = name === 'after' ? direction === 'asc' : direction === 'desc';
      const past = `${columnRef(rowAlias, column)} ${greater ? '>' : '<'} ${values[i]}`;
      return equal ? `(${equal} and ${past})` : past;
    });
    return ` and (${alternatives.join(' or ')})`;
  };
  let keyset = '';
  if (after != null) keyset += keysetSql('after', after);
  if (before != null) keyset += keysetSql('before', before);

  const edgeType = objectType(c, getNamedType(fieldDefinition(connectionType, 'edges').type).name);
  const nodeType = objectType(c, plan.nodeType);
  const cursor = cursorSql(edgeAlias, order);
  const edgeSql = (set: SelectionSetNode) => {
    const edgeFields = collectFields(c, edgeType, set);
    const parts: string[] = [];
    for (const [key, list] of edgeFields) {
      const name = (list[0] as FieldNode).name.value;
      const edgePlan = name === '__typename' ? null : planOf(edgeType.name, name);
      parts.push(literal(key));
      if (!edgePlan) parts.push(literal(edgeType.name));
      else if (edgePlan.kind === 'cursor') parts.push(cursor);
      else if (edgePlan.kind === 'node') {
        const nodeSet = mergedSelection(list);
        parts.push(
          plan.node === 'row'
            ? objectSql(c, nodeType, nodeSet, edgeAlias)
            : oneSql(c, plan.node, nodeType, nodeSet, edgeAlias),
        );
      } else if (edgePlan.kind === 'spans') {
        if (list.some((n) => n.arguments?.length)) throw new NotCompilable('arguments');
        parts.push(spansSql(c, edgePlan.column, mergedSelection(list), edgeAlias));
      } else if (edgePlan.kind === 'column') {
        if (list.some((n) => n.arguments?.length)) throw new NotCompilable('arguments');
        parts.push(columnSql(fieldDefinition(edgeType, name), edgePlan, edgeAlias));
      } else throw new NotCompilable(`${edgeType.name}.${name}`);
    }
    if (parts.length > 2 * MAX_KEYS) throw new NotCompilable('too many fields');
    return `json_build_object(${parts.join(', ')})`;
  };
  const inPage = `${edgeAlias}.__n <= ${size}`;
  // A backward page is read from its far end and handed out in the order's own direction.
  const nearFirst = backward ? 'desc' : 'asc';
  const nearLast = backward ? 'asc' : 'desc';
  const pageInfoSql = (set: SelectionSetNode) => {
    const pageInfo = objectType(c, 'PageInfo');
    const parts: string[] = [];
    for (const [key, list] of collectFields(c, pageInfo, set)) {
      const name = (list[0] as FieldNode).name.value;
      parts.push(literal(key));
      if (name === '__typename') parts.push(literal('PageInfo'));
      else if (name === 'hasNextPage') parts.push(before != null ? 'true' : backward ? 'false' : `count(*) > ${size}`);
      else if (name === 'hasPreviousPage')
        parts.push(after != null ? 'true' : backward ? `count(*) > ${size}` : 'false');
      else if (name === 'startCursor')
        parts.push(`(array_agg(${cursor} order by ${edgeAlias}.__n ${nearFirst}) filter (where ${inPage}))[1]`);
      else if (name === 'endCursor')
        parts.push(`(array_agg(${cursor} order by ${edgeAlias}.__n ${nearLast}) filter (where ${inPage}))[1]`);
      else throw new NotCompilable(`PageInfo.${name}`);
    }
    return `json_build_object(${parts.join(', ')})`;
  };

  const parts: string[] = [];
  for (const [key, list] of fields) {
    const name = (list[0] as FieldNode).name.value;
    parts.push(literal(key));
    if (name === '__typename') {
      parts.push(literal(connectionType.name));
      continue;
    }
    const kind = planOf(connectionType.name, name).kind;
    if (list.some((n) => n.arguments?.length)) throw new NotCompilable('arguments');
    if (kind === 'edges') {
      parts.push(
        `coalesce(json_agg(${edgeSql(mergedSelection(list))} order by ${edgeAlias}.__n ${nearFirst}) filter (where ${inPage}), '[]'::json)`,
      );
    } else if (kind === 'pageInfo') parts.push(pageInfoSql(mergedSelection(list)));
    else if (kind === 'totalCount') parts.push(totalCountSql());
    else throw new NotCompilable(`${connectionType.name}.${name}`);
  }
  // The page with one row more (is there a next page?), numbered in its order.
  const page =
    `select ${rowAlias}.* from ${rowsTable} ${rowAlias} where ${parentCondition(rowAlias)}${keyset}` +
    ` order by ${orderBy(rowAlias)} limit ${size} + 1`;
  const numbered = `select ${pageAlias}.*, row_number() over (order by ${orderBy(pageAlias)}) as __n from (${page}) ${pageAlias}`;
  return `(select json_build_object(${parts.join(', ')}) from (${numbered}) ${edgeAlias})`;
}

/**
 * Compiles a query into one statement whose single value is the response (`{"data": …}`) as JSON
 * text, for the variables' present shape; throws NotCompilable for anything it does not answer
 * exactly as execution would. `structural` gets every variable read so far that shapes the
 * statement, also when it throws.
 */
export function compileOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Variables,
  structural: Structural,
): CompiledOperation {
  if (operation.operation !== 'query') throw new NotCompilable('not a query');
  if (operation.directives?.length) throw new NotCompilable('directives');
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const c: Compiler = {
    schema,
    fragments,
    variables,
    params: [],
    checks: [],
    structural,
    aliases: 0,
    readsTables: false,
  };
  const query = schema.getQueryType();
  if (!query) throw new NotCompilable('no query type');
  const data = objectSql(c, query, operation.selectionSet, 'root');
  // `{ __typename }` answers while the database is busy or away (a health probe): keep it so.
  if (!c.readsTables) throw new NotCompilable('reads no table');
  return { sql: `select json_build_object('data', ${data})::text`, params: c.params, checks: c.checks };
}

/** The key of the variant a request's variables need. */
export function shapeKey(structural: Structural, variables: Variables): string {
  const parts: string[] = [];
  for (const [key, { variable, reduce }] of structural) parts.push(`${key}=${reduce(variables[variable])}`);
  return parts.join('&');
}

/** The parameter values of a compiled statement for these variables; throws NotCompilable. */
export function bindParams(compiled: CompiledOperation, variables: Variables): unknown[] {
  for (const check of compiled.checks) check(variables);
  return compiled.params.map((p) => p.read(variables));
}
