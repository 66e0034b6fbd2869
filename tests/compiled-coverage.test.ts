import { isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { PLANS } from '../src/graphql/compiled/mapping.js';
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
