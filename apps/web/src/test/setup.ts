import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { i18nReady } from '../i18n/i18n';

// jsdom lacks ResizeObserver, which Radix primitives (checkbox, select) use to measure themselves.
class NoopResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= NoopResizeObserver as unknown as typeof ResizeObserver;

// The app renders only once the language's strings have arrived; so do the tests.
await i18nReady;

afterEach(() => cleanup());
