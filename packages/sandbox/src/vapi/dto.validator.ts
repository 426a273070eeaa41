// A small validator for the JSON-Schema subset used by Vapi's OpenAPI DTOs. It mimics NestJS'
// ValidationPipe with `whitelist + forbidNonWhitelisted` (what Vapi runs): every object that declares
// `properties` rejects unknown keys with "<path>.property <key> should not exist", and constraint
// failures produce class-validator style sentences. Vapi's error body is the NestJS envelope
// `{ message: string[], error: 'Bad Request', statusCode: 400 }`, so the output is a list of strings.
import { vapiDtoSchemas } from './dto-schemas.generated.ts';

export interface DtoSchemaNode {
  type?: string;
  enum?: readonly unknown[];
  items?: DtoSchemaNode;
  properties?: Readonly<Record<string, DtoSchemaNode>>;
  required?: readonly string[];
  oneOf?: readonly DtoSchemaNode[];
  anyOf?: readonly DtoSchemaNode[];
  allOf?: readonly DtoSchemaNode[];
  $ref?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  nullable?: boolean;
  additionalProperties?: boolean | DtoSchemaNode;
  format?: string;
  pattern?: string;
}

const DISCRIMINATORS = ['provider', 'type', 'role'] as const;

function resolve(node: DtoSchemaNode): DtoSchemaNode {
  let current = node;
  // `allOf: [{$ref}]` is how NestJS swagger spells a nested DTO; unwrap both forms.
  for (let depth = 0; depth < 10; depth += 1) {
    if (current.$ref !== undefined) {
      const target = vapiDtoSchemas[current.$ref];
      if (target === undefined) return {};
      current = target;
    } else if (current.allOf !== undefined && current.allOf.length === 1 && current.allOf[0] !== undefined) {
      current = current.allOf[0];
    } else break;
  }
  return current;
}

/** NestJS swagger sometimes emits patterns as regex literals ("/^a$/"); accept both spellings. */
function toRegExp(pattern: string): RegExp {
  const literal = /^\/(.*)\/([a-z]*)$/.exec(pattern);
  return literal?.[1] !== undefined ? new RegExp(literal[1], literal[2]) : new RegExp(pattern);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function label(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** A branch of a union is excluded early when its single-valued discriminator does not match. */
function discriminatorMismatch(branch: DtoSchemaNode, value: unknown): string | undefined {
  if (!isPlainObject(value) || branch.properties === undefined) return undefined;
  for (const key of DISCRIMINATORS) {
    const prop = branch.properties[key];
    if (prop === undefined) continue;
    const resolved = resolve(prop);
    if (resolved.enum !== undefined && resolved.enum.length <= 3 && !resolved.enum.includes(value[key]))
      return key;
  }
  return undefined;
}

function validateUnion(branches: readonly DtoSchemaNode[], value: unknown, path: string): string[] {
  const resolved = branches.map(resolve);
  const candidates = resolved.filter((b) => discriminatorMismatch(b, value) === undefined);
  if (candidates.length === 0) {
    // Report the discriminator the way class-validator's @IsIn does, listing every accepted value.
    const key = resolved.map((b) => discriminatorMismatch(b, value)).find((k) => k !== undefined) ?? 'type';
    const allowed = resolved.flatMap((b) => {
      const prop = b.properties?.[key];
      return prop === undefined ? [] : (resolve(prop).enum ?? []);
    });
    return [`${label(path, key)} must be one of the following values: ${allowed.join(', ')}`];
  }
  let best: string[] | undefined;
  for (const branch of candidates) {
    const errors = validateNode(branch, value, path);
    if (errors.length === 0) return [];
    if (best === undefined || errors.length < best.length) best = errors;
  }
  return best ?? [];
}

function validateNode(raw: DtoSchemaNode, value: unknown, path: string): string[] {
  const node = resolve(raw);
  if (value === null) return node.nullable === true ? [] : [`${path} should not be null`];
  if (node.oneOf !== undefined) return validateUnion(node.oneOf, value, path);
  if (node.anyOf !== undefined) return validateUnion(node.anyOf, value, path);
  if (node.allOf !== undefined) return node.allOf.flatMap((part) => validateNode(part, value, path));
  const errors: string[] = [];
  switch (node.type) {
    case 'string': {
      if (typeof value !== 'string') return [`${path} must be a string`];
      if (node.maxLength !== undefined && value.length > node.maxLength)
        errors.push(`${path} must be shorter than or equal to ${node.maxLength} characters`);
      if (node.minLength !== undefined && value.length < node.minLength)
        errors.push(`${path} must be longer than or equal to ${node.minLength} characters`);
      if (node.pattern !== undefined && !toRegExp(node.pattern).test(value))
        errors.push(`${path} must match ${node.pattern} regular expression`);
      if (node.format === 'uri' && !URL.canParse(value)) errors.push(`${path} must be a URL address`);
      break;
    }
    case 'number':
    case 'integer': {
      if (typeof value !== 'number' || Number.isNaN(value))
        return [`${path} must be a number conforming to the specified constraints`];
      if (node.type === 'integer' && !Number.isInteger(value))
        errors.push(`${path} must be an integer number`);
      if (node.minimum !== undefined && value < node.minimum)
        errors.push(`${path} must not be less than ${node.minimum}`);
      if (node.maximum !== undefined && value > node.maximum)
        errors.push(`${path} must not be greater than ${node.maximum}`);
      break;
    }
    case 'boolean':
      if (typeof value !== 'boolean') return [`${path} must be a boolean value`];
      break;
    case 'array': {
      if (!Array.isArray(value)) return [`${path} must be an array`];
      if (node.maxItems !== undefined && value.length > node.maxItems)
        errors.push(`${path} must contain no more than ${node.maxItems} elements`);
      if (node.minItems !== undefined && value.length < node.minItems)
        errors.push(`${path} must contain at least ${node.minItems} elements`);
      if (node.items !== undefined) {
        const items = node.items;
        value.forEach((item, index) => errors.push(...validateNode(items, item, label(path, String(index)))));
      }
      break;
    }
    case 'object':
    case undefined: {
      if (node.type === undefined && node.properties === undefined) break;
      if (!isPlainObject(value)) return [`nested property ${path} must be either object or array`];
      errors.push(...validateObject(node, value, path));
      break;
    }
    default:
      break;
  }
  if (node.enum !== undefined && !node.enum.includes(value))
    errors.push(`${path} must be one of the following values: ${node.enum.join(', ')}`);
  return errors;
}

function validateObject(node: DtoSchemaNode, value: Record<string, unknown>, path: string): string[] {
  const errors: string[] = [];
  const props = node.properties;
  if (props === undefined) {
    if (isPlainObject(node.additionalProperties)) {
      const schema = node.additionalProperties;
      for (const [key, item] of Object.entries(value))
        errors.push(...validateNode(schema, item, label(path, key)));
    }
    return errors;
  }
  for (const key of node.required ?? []) {
    if (value[key] === undefined) errors.push(`${label(path, key)} should not be empty`);
  }
  for (const [key, item] of Object.entries(value)) {
    const schema = props[key];
    if (schema === undefined) {
      errors.push(
        path === '' ? `property ${key} should not exist` : `${path}.property ${key} should not exist`,
      );
      continue;
    }
    if (item === undefined) continue;
    errors.push(...validateNode(schema, item, label(path, key)));
  }
  return errors;
}

export type VapiDtoName =
  | 'CreateAssistantDTO'
  | 'UpdateAssistantDTO'
  | 'CreateVapiPhoneNumberDTO'
  | 'CreateTwilioPhoneNumberDTO'
  | 'UpdateVapiPhoneNumberDTO'
  | 'UpdateTwilioPhoneNumberDTO';

/** Returns class-validator style messages; an empty list means the body is acceptable. */
export function validateVapiDto(name: VapiDtoName, body: unknown): string[] {
  const schema = vapiDtoSchemas[name];
  if (schema === undefined) throw new Error(`unknown DTO ${name}`);
  if (!isPlainObject(body)) return ['request body must be a JSON object'];
  return validateObject(resolve(schema), body, '');
}
