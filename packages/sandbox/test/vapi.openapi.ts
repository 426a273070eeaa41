// Loads the trimmed Vapi OpenAPI (shared/specs/vapi) into Ajv with the three in-memory fixes its README
// prescribes, and exposes validators for API responses and webhook bodies.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// A byte-for-byte copy of shared/specs/vapi/openapi.trimmed.json, so a clean clone tests on its own.
const specPath = fileURLToPath(new URL('./vapi-openapi.trimmed.json', import.meta.url));

function fix(node: unknown): void {
  if (node === null || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  if (Array.isArray(o['enum']) && (o['enum'].length === 0 || o['type'] === 'array')) delete o['enum'];
  // Fourth quirk, not in the spec README: NestJS emits some patterns as JS regex literals
  // ("/^[a-zA-Z0-9_-]{1,64}$/"), which Ajv would take literally and reject every function name.
  if (typeof o['pattern'] === 'string') {
    const literal = /^\/(.*)\/[a-z]*$/.exec(o['pattern']);
    if (literal?.[1] !== undefined) o['pattern'] = literal[1];
  }
  if (Array.isArray(o['oneOf'])) {
    o['anyOf'] = o['oneOf'];
    delete o['oneOf'];
  }
  Object.values(o).forEach(fix);
}

const spec = JSON.parse(readFileSync(specPath, 'utf8')) as { paths: unknown; components: unknown };
fix(spec);
const ajv = new Ajv({ strict: false, allErrors: true });
const addFormats = addFormatsModule as unknown as (a: Ajv) => void;
addFormats(ajv);
ajv.addSchema({ $id: 'vapi', paths: spec.paths, components: spec.components });

function must(fn: ValidateFunction | undefined, what: string): ValidateFunction {
  if (fn === undefined) throw new Error(`no schema for ${what}`);
  return fn;
}

export function vapiSchema(name: string): ValidateFunction {
  return must(ajv.getSchema(`vapi#/components/schemas/${name}`), name);
}

export function vapiResponse(path: string, method: string, code: string): ValidateFunction {
  const pointer = path.replace(/~/g, '~0').replace(/\//g, '~1');
  return must(
    ajv.getSchema(`vapi#/paths/${pointer}/${method}/responses/${code}/content/application~1json/schema`),
    `${method} ${path} ${code}`,
  );
}

/** Throws with Ajv's errors so a failing test shows which field is off. */
export function expectValid(validate: ValidateFunction, data: unknown): void {
  if (!validate(data)) {
    throw new Error(`schema validation failed: ${JSON.stringify(validate.errors?.slice(0, 5), null, 2)}`);
  }
}
