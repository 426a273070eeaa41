/**
 * Regenerates src/vapi/dto-schemas.generated.json from Vapi's OpenAPI document: the request DTOs the
 * emulator validates, and every schema they reach, with only validation keywords kept.
 *
 *   npx tsx packages/sandbox/scripts/generate-vapi-dto-schemas.ts [path/to/openapi.json]
 *
 * Default input: test/vapi-openapi.trimmed.json (a copy of shared/specs/vapi/openapi.trimmed.json).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOTS = [
  'CreateAssistantDTO',
  'UpdateAssistantDTO',
  'CreateVapiPhoneNumberDTO',
  'CreateTwilioPhoneNumberDTO',
  'UpdateVapiPhoneNumberDTO',
  'UpdateTwilioPhoneNumberDTO',
];
const KEEP = new Set([
  'type',
  'enum',
  'items',
  'properties',
  'required',
  'oneOf',
  'anyOf',
  'allOf',
  '$ref',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'nullable',
  'additionalProperties',
  'format',
  'pattern',
]);

const input = process.argv[2] ?? fileURLToPath(new URL('../test/vapi-openapi.trimmed.json', import.meta.url));
const spec = JSON.parse(readFileSync(input, 'utf8')) as { components: { schemas: Record<string, unknown> } };
const all = spec.components.schemas;

type Node = Record<string, unknown>;
const reached = new Set<string>();

function strip(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strip);
  if (!node || typeof node !== 'object') return node;
  const out: Node = {};
  for (const [key, value] of Object.entries(node as Node)) {
    if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value as Node).map(([k, v]) => [k, strip(v)]));
    } else if (key === '$ref') {
      const name = String(value).replace('#/components/schemas/', '');
      out.$ref = name;
      visit(name);
    } else if (key === 'enum' && ((node as Node).type === 'array' || (value as unknown[]).length === 0)) {
      // Vapi's document puts the items' enum on some array nodes (class-validator checks the items) and
      // has empty enums that mean "any".
      continue;
    } else if (KEEP.has(key)) {
      out[key] = typeof value === 'object' ? strip(value) : value;
    }
  }
  return out;
}

const result: Record<string, unknown> = {};
function visit(name: string) {
  if (reached.has(name)) return;
  reached.add(name);
  const schema = all[name];
  if (schema) result[name] = strip(schema);
}
ROOTS.forEach(visit);

const sorted = Object.fromEntries(
  Object.keys(result)
    .sort()
    .map((k) => [k, result[k]]),
);
const out = fileURLToPath(new URL('../src/vapi/dto-schemas.generated.json', import.meta.url));
writeFileSync(out, `${JSON.stringify(sorted)}\n`);
console.log(`${Object.keys(sorted).length} schemas → ${out}`);
