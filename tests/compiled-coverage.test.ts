import { createHash } from 'node:crypto';
import { isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { PLANS, planOf } from '../src/graphql/compiled/mapping.js';
import { schema } from '../src/graphql/schema.js';

// Every field of the schema is either compiled or declared not compilable (issue 17): a field
// added to Pothos without a plan fails here, so the compiled tier never answers it by a guess.
describe('the compiled tier’s plans', () => {
  const types = Object.values(schema.getTypeMap()).filter((t) => isObjectType(t) && !t.name.startsWith('__'));

  it('declare every field of every object type', () => {
    const missing: string[] = [];
    for (const type of types) {
      if (!isObjectType(type)) continue;
      const plans = PLANS[type.name];
      if (!plans) {
        missing.push(type.name);
        continue;
      }
      if ('notCompilable' in plans && typeof plans.notCompilable === 'string') continue;
      for (const field of Object.keys(type.getFields())) {
        if (!(field in plans)) missing.push(`${type.name}.${field}`);
      }
    }
    expect(missing).toEqual([]);
  });

  // A compiled field whose resolver changes (a column exposed, then a computed name) would be
  // answered the old way: each compiled field's resolver and options are pinned here, so a change
  // fails until mapping.ts is checked against it and the file is written again (vitest -u).
  it('were checked against the resolvers as they are now', async () => {
    // Options hold type refs that point back at the builder: three levels say what a field does.
    const text = (value: unknown, depth = 0): string => {
      if (typeof value === 'function') return String(value);
      if (depth > 3) return '…';
      if (Array.isArray(value)) return `[${value.map((v) => text(v, depth + 1)).join(',')}]`;
      if (value && typeof value === 'object')
        return `{${Object.entries(value)
          .filter(([k]) => k !== 'description')
          .map(([k, v]) => `${k}:${text(v, depth + 1)}`)
          .join(',')}}`;
      return JSON.stringify(value) ?? 'undefined';
    };
    const pinned: Record<string, string> = {};
    for (const type of types) {
      if (!isObjectType(type)) continue;
      for (const [name, field] of Object.entries(type.getFields())) {
        if (planOf(type.name, name).kind === 'notCompilable') continue;
        const extensions = (field.extensions ?? {}) as Record<string, unknown>;
        const source = [
          text(extensions.pothosOriginalResolve),
          text(extensions.pothosOptions),
          text(extensions.pothosDrizzleSelect),
        ].join('\n');
        pinned[`${type.name}.${name}`] = createHash('sha256').update(source).digest('hex').slice(0, 16);
      }
    }
    await expect(`${JSON.stringify(pinned, null, 2)}\n`).toMatchFileSnapshot('fixtures/compiled-resolvers.json');
  });

  it('declare nothing the schema does not have', () => {
    const stale: string[] = [];
    for (const [name, plans] of Object.entries(PLANS)) {
      const type = schema.getType(name);
      if (!isObjectType(type)) {
        stale.push(name);
        continue;
      }
      if ('notCompilable' in plans && typeof plans.notCompilable === 'string') continue;
      for (const field of Object.keys(plans)) if (!type.getFields()[field]) stale.push(`${name}.${field}`);
    }
    expect(stale).toEqual([]);
  });
});
