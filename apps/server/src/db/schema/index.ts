export * from './auth.ts';
export * from './system.ts';
export * from './providers.ts';
export * from './assistants.ts';
export * from './receptionist.ts';
export * from './messaging.ts';
