import { providerErrors } from '../lib/metrics.ts';
export type ProviderName = 'twilio' | 'vapi' | 'llm';

export type ProviderErrorInit = {
  provider: ProviderName;
  /** Stable machine code, e.g. `twilio.optedOut`; the README lists them all. */
  code: string;
  retryable: boolean;
  /** Plain English for people; the web translates `reason` instead when it knows the key. */
  userMessage: string;
  status?: number;
  /** The provider's own error code (Twilio 21610, Anthropic `overloaded_error`...), for logs and support. */
  providerCode?: string | number;
  /** The provider's own message, for logs. Never contains credentials. */
  providerMessage?: string;
  /** Field-level validation messages from the provider (Vapi's message array), safe to show to admins. */
  details?: string[];
};

/**
 * The one error type every adapter throws. The SDK error is deliberately not kept as `cause`: the Twilio
 * SDK's axios errors carry the request config, Basic auth included, and would leak it into logs.
 */
export class ProviderError extends Error {
  readonly provider: ProviderName;
  readonly code: string;
  readonly retryable: boolean;
  readonly userMessage: string;
  /** i18n key for the web (`provider.<code>`). */
  readonly reason: string;
  readonly status: number | undefined;
  readonly providerCode: string | number | undefined;
  readonly providerMessage: string | undefined;
  readonly details: string[] | undefined;

  constructor(init: ProviderErrorInit) {
    super(`${init.code}: ${init.providerMessage ?? init.userMessage}`);
    this.name = 'ProviderError';
    this.provider = init.provider;
    this.code = init.code;
    this.retryable = init.retryable;
    this.userMessage = init.userMessage;
    this.reason = `provider.${init.code}`;
    this.status = init.status;
    this.providerCode = init.providerCode;
    this.providerMessage = init.providerMessage;
    this.details = init.details;
    // Counted where they are born, so every adapter's failures reach /metrics without extra wiring.
    providerErrors.inc({ provider: init.provider, code: init.code });
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      provider: this.provider,
      code: this.code,
      reason: this.reason,
      retryable: this.retryable,
      userMessage: this.userMessage,
      status: this.status,
      providerCode: this.providerCode,
      providerMessage: this.providerMessage,
      details: this.details,
    };
  }
}

export const isProviderError = (error: unknown): error is ProviderError => error instanceof ProviderError;
