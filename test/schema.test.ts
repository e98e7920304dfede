/** The printed schema, the public contract and schema documentation. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CriticalityLevel, diff } from '@graphql-inspector/core';
import { buildSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType, isUnionType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../src/schema/index.ts';
import { printSchemaSDL } from '../src/schema/print.ts';
import { app } from './helpers.ts';

const contract = buildSchema(readFileSync(fileURLToPath(new URL('./contract.graphql', import.meta.url)), 'utf8'));

describe('schema.graphql', () => {
  it('matches the schema the code builds (run `npm run schema` after changing types)', async () => {
    await expect(printSchemaSDL()).toMatchFileSnapshot('../schema.graphql');
  });
});

describe('the public contract (test/contract.graphql, a copy of shared/contract)', () => {
  it('is served with no breaking change', async () => {
    const changes = await diff(contract, schema);
    const breaking = changes.filter((c) => c.criticality.level === CriticalityLevel.Breaking);
    expect(breaking.map((c) => c.message)).toEqual([]);
  });

  it('keeps every contract type and field', () => {
    for (const type of Object.values(contract.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      const served = schema.getType(type.name);
      expect(served, type.name).toBeDefined();
      if ((isObjectType(type) || isInterfaceType(type)) && (isObjectType(served) || isInterfaceType(served))) {
        for (const field of Object.keys(type.getFields())) {
          expect(served.getFields()[field], `${type.name}.${field}`).toBeDefined();
        }
      }
    }
  });
});

describe('documentation', () => {
  it('describes every type, field, argument, input field and enum value', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of field.args) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if (isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) if (!field.description) missing.push(`${type.name}.${field.name}`);
      }
      if (isEnumType(type)) {
        for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
      }
      if (isUnionType(type) && !type.description) missing.push(type.name);
    }
    expect(missing).toEqual([]);
  });

  it('describes the schema itself, saying where to start, and names the specification of Date', async () => {
    expect(schema.description).toMatch(/^A knowledge graph of the meetings the Communist Party of China holds/);
    expect(schema.description).toContain('Start from `events`');
    const { data } = (await (
      await app.fetch('http://yoga/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __schema { description } __type(name: "Date") { specifiedByURL } }' }),
      })
    ).json()) as { data: { __schema: { description: string }; __type: { specifiedByURL: string } } };
    expect(data.__schema.description).toBe(schema.description);
    expect(data.__type.specifiedByURL).toBe('https://www.rfc-editor.org/rfc/rfc3339#section-5.6');
  });
});
