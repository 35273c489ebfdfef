import fs from 'node:fs';
import path from 'node:path';
import { printAppSchema } from '../src/schema-printer';

describe('schema.graphql', () => {
  it('is exactly the schema the code emits (run `npm run schema:emit` after changing the API)', async () => {
    const committed = fs.readFileSync(path.join(__dirname, '..', 'schema.graphql'), 'utf8');
    expect(committed).toBe(await printAppSchema());
  });

  it('describes every type, field and argument, because the playground docs are the manual', async () => {
    const { buildSchema, isObjectType, isInputObjectType, isInterfaceType } = await import('graphql');
    const schema = buildSchema(await printAppSchema());
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      const isRoot = ['Query', 'Mutation', 'Subscription'].includes(type.name);
      if (!type.description && !isRoot) missing.push(type.name);
      if (isObjectType(type) || isInputObjectType(type) || isInterfaceType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) {
            if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
