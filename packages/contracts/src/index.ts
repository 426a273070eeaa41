export * from './errors.ts';
export * from './phone.ts';
export * from './auth.ts';
export * from './orgs.ts';
export * from './credentials.ts';
export * from './phone-numbers.ts';
export * from './assistants.ts';
export * from './imports.ts';
