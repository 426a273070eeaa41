/** node-postgres's own value serialisation (used by inline-params.ts so both paths send the same text). */
declare module 'pg/lib/utils.js' {
  export function prepareValue(value: unknown): unknown;
}
