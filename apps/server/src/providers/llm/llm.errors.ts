import { ProviderError } from '../provider-error.ts';

type ApiErrorLike = { status?: unknown; type?: unknown; error?: unknown; message?: unknown };

/** Anthropic nests `{type:'error', error:{type}}`; OpenAI-compatible servers put `type` on the error. */
function errorTypeOf(e: ApiErrorLike): string | undefined {
  if (typeof e.type === 'string') return e.type;
  const body = e.error as { type?: unknown; error?: { type?: unknown } } | undefined;
  if (typeof body?.error?.type === 'string') return body.error.type;
  return typeof body?.type === 'string' ? body.type : undefined;
}

/**
 * Maps the Anthropic and OpenAI SDK errors (same shape: `status`, `type`, connection errors without a
 * status) to one vocabulary, so callers retry the same way whichever model answers.
 */
export function toLlmProviderError(error: unknown, vendor: string): ProviderError {
  if (error instanceof ProviderError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as ApiErrorLike;
  const status = typeof e.status === 'number' ? e.status : undefined;
  const type = errorTypeOf(e);
  const base = {
    provider: 'llm' as const,
    status,
    providerCode: type,
    providerMessage: typeof e.message === 'string' ? e.message : undefined,
  };
  if (status === undefined) {
    return new ProviderError({
      ...base,
      code: 'llm.unavailable',
      retryable: true,
      userMessage: `${vendor} did not answer; try again in a minute.`,
    });
  }
  if (status === 401 || status === 403) {
    return new ProviderError({
      ...base,
      code: 'llm.invalidKey',
      retryable: false,
      userMessage: `${vendor} refused the API key. Check it in Settings.`,
    });
  }
  if (status === 429) {
    return new ProviderError({
      ...base,
      code: 'llm.rateLimited',
      retryable: true,
      userMessage: `${vendor} is receiving too many requests. We will try again in a moment.`,
    });
  }
  // 529 is Anthropic's "overloaded"; OpenAI-compatible servers say 503.
  if (status === 529 || status === 503 || type === 'overloaded_error') {
    return new ProviderError({
      ...base,
      code: 'llm.overloaded',
      retryable: true,
      userMessage: `${vendor} is overloaded right now. We will try again in a moment.`,
    });
  }
  if (status >= 500) {
    return new ProviderError({
      ...base,
      code: 'llm.unavailable',
      retryable: true,
      userMessage: `${vendor} did not answer; try again in a minute.`,
    });
  }
  if (status === 404) {
    return new ProviderError({
      ...base,
      code: 'llm.modelNotFound',
      retryable: false,
      userMessage: `${vendor} does not know the configured model. Check the model name in Settings.`,
    });
  }
  return new ProviderError({
    ...base,
    code: 'llm.invalidRequest',
    retryable: false,
    userMessage: `${vendor} rejected the request.`,
  });
}
