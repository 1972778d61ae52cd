/**
 * The published JSON Schema (docs/forms/form-definition.schema.json) and the TypeScript format
 * (types.ts, through the tables in field-types.ts) must say the same. Ajv (present as a Fastify
 * dependency) compiles the schema and judges the same documents as validateDefinition().
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { acceptPattern, formIdPattern, identifierPattern, serviceKeyPattern, sourceKinds } from './check-structure.ts';
import { baseFieldProperties, fieldExtraProperties, fieldTypes } from './field-types.ts';
import type { PropertyKind } from './field-types.ts';
import { validateDefinition } from './validate-definition.ts';
import { baseDefinition, brokenCases } from './validate-definition.cases.ts';
import { demoFormNames, demoFormPath } from '../runtime/test-fixtures.ts';

type SchemaNode = { [key: string]: unknown };

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..', '..');
const schema = JSON.parse(readFileSync(path.join(repoRoot, 'docs', 'forms', 'form-definition.schema.json'), 'utf8')) as SchemaNode;
const defs = schema.$defs as Record<string, SchemaNode>;
const def = (name: string): SchemaNode => {
  const node = defs[name];
  assert.ok(node, `schema has no $defs/${name}`);
  return node;
};
const props = (node: SchemaNode): Record<string, SchemaNode> => node.properties as Record<string, SchemaNode>;

/** The one schema fragment each property kind of field-types.ts stands for (descriptions aside). */
const kindSchema: Record<PropertyKind, SchemaNode> = {
  identifier: { $ref: '#/$defs/identifier' },
  fieldType: { $ref: '#/$defs/fieldType' },
  localized: { $ref: '#/$defs/localized' },
  boolean: { type: 'boolean' },
  condition: { $ref: '#/$defs/condition' },
  count: { type: 'integer', minimum: 0 },
  positiveCount: { type: 'integer', minimum: 1 },
  number: { type: 'number' },
  cents: { type: 'integer' },
  string: { type: 'string', minLength: 1, pattern: '\\S' },
  regex: { type: 'string', minLength: 1, pattern: '\\S', format: 'regex' },
  dateBound: { $ref: '#/$defs/dateBound' },
  options: { type: 'array', minItems: 1, items: { $ref: '#/$defs/option' } },
  accept: { type: 'array', minItems: 1, items: { $ref: '#/$defs/acceptItem' } },
  sizeMb: { type: 'number', exclusiveMinimum: 0 },
  fields: { type: 'array', minItems: 1, items: { $ref: '#/$defs/field' } },
};

const withoutDescription = (node: SchemaNode): SchemaNode => Object.fromEntries(Object.entries(node).filter(([key]) => key !== 'description'));

const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true, formats: { regex: true } });
const validateWithSchema = ajv.compile(schema);

test('the schema is valid JSON Schema 2020-12 and compiles strictly', () => {
  assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  assert.equal(typeof validateWithSchema, 'function');
});

test('the field types of the schema are exactly the FieldType union', () => {
  const enumTypes = def('fieldType').enum as string[];
  assert.deepEqual([...enumTypes].sort(), [...fieldTypes].sort(), 'fieldType enum');
  const branchTypes = (def('field').oneOf as SchemaNode[]).map((branch) => {
    const name = String(branch.$ref).replace('#/$defs/', '');
    return (props(def(name)).type as SchemaNode).const as string;
  });
  assert.deepEqual([...branchTypes].sort(), [...fieldTypes].sort(), 'one oneOf branch per type');
  for (const type of fieldTypes) assert.ok(enumTypes.includes(type) && branchTypes.includes(type), `${type} in the schema`);
  for (const type of enumTypes) assert.ok((fieldTypes as readonly string[]).includes(type), `${type} in types.ts`);
});

test('the base properties of a field agree', () => {
  const base = def('fieldBase');
  assert.deepEqual(Object.keys(props(base)).sort(), Object.keys(baseFieldProperties).sort());
  const required = Object.entries(baseFieldProperties).filter(([, spec]) => spec.required).map(([key]) => key);
  assert.deepEqual([...(base.required as string[])].sort(), required.sort());
  for (const [key, spec] of Object.entries(baseFieldProperties)) {
    assert.deepEqual(withoutDescription(props(base)[key] as SchemaNode), kindSchema[spec.kind], `fieldBase.${key}`);
  }
});

for (const type of fieldTypes) {
  test(`the properties of a ${type} field agree`, () => {
    const branch = (def('field').oneOf as SchemaNode[])
      .map((ref) => def(String(ref.$ref).replace('#/$defs/', '')))
      .find((node) => (props(node).type as SchemaNode).const === type);
    assert.ok(branch);
    assert.deepEqual(branch.allOf, [{ $ref: '#/$defs/fieldBase' }]);
    assert.equal(branch.unevaluatedProperties, false);
    const extras: Record<string, { kind: PropertyKind; required: boolean }> = fieldExtraProperties[type];
    assert.deepEqual(Object.keys(props(branch)).filter((key) => key !== 'type').sort(), Object.keys(extras).sort());
    const required = Object.entries(extras).filter(([, spec]) => spec.required).map(([key]) => key);
    assert.deepEqual([...(branch.required as string[])].sort(), ['type', ...required].sort());
    for (const [key, spec] of Object.entries(extras)) {
      assert.deepEqual(withoutDescription(props(branch)[key] as SchemaNode), kindSchema[spec.kind], `${type}.${key}`);
    }
  });
}

test('identifier, slug, LeiKa key, accept and source patterns are the validator’s', () => {
  assert.equal(def('identifier').pattern, identifierPattern.source);
  assert.equal(props(schema).id?.pattern, formIdPattern.source);
  assert.equal(((props(schema).serviceKeys as SchemaNode).items as SchemaNode).pattern, serviceKeyPattern.source);
  assert.equal(new RegExp(def('acceptItem').pattern as string).source, acceptPattern.source);
  assert.deepEqual((props(props(schema).source as SchemaNode).kind as SchemaNode).enum, [...sourceKinds]);
});

for (const name of demoFormNames) {
  test(`the schema accepts the demo form ${name}.json`, () => {
    const json: unknown = JSON.parse(readFileSync(demoFormPath(name), 'utf8'));
    assert.equal(validateWithSchema(json), true, JSON.stringify(validateWithSchema.errors));
  });
}

test('the schema accepts the base definition of the validator cases', () => {
  assert.equal(validateWithSchema(baseDefinition()), true, JSON.stringify(validateWithSchema.errors));
});

for (const broken of brokenCases) {
  test(`schema and validator on "${broken.name}": schema ${broken.schema}, validator rejects`, () => {
    const doc = broken.change(baseDefinition());
    assert.equal(validateWithSchema(doc), broken.schema === 'accepts', JSON.stringify(validateWithSchema.errors));
    assert.equal(validateDefinition(doc).ok, false);
  });
}
