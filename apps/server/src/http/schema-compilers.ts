import type { FastifyServerOptions } from 'fastify';
import { createRequire } from 'node:module';

type CompilersFactory = NonNullable<
  NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
>;

// Fastify requires Ajv and fast-json-stringify as it is created, for routes that declare JSON schemas.
// AVA's routes are compiled by the zod compilers set on the root instance, so these factories are only
// loaded if some route ever needs them: a fifth of a second less at every start (issue F).
const fromFastify = createRequire(createRequire(import.meta.url).resolve('fastify'));

type Factory = (...args: unknown[]) => unknown;
const lazy = (pkg: string): Factory => {
  let factory: Factory | undefined;
  return (...args) => (factory ??= (fromFastify(pkg) as () => Factory)())(...args);
};

/** Fastify's `schemaController.compilersFactory`: its own defaults, loaded on first use. */
export const lazyDefaultCompilers = {
  buildValidator: lazy('@fastify/ajv-compiler'),
  buildSerializer: lazy('@fastify/fast-json-stringify-compiler'),
} as unknown as CompilersFactory;
