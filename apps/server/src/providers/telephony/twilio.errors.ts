import { ProviderError } from '../provider-error.ts';

type Rule = { code: string; retryable: boolean; userMessage: string };

/**
 * Twilio REST error codes AVA users can actually hit, in plain words. Codes not listed fall back to the
 * HTTP status (429 and 5xx retryable, other 4xx "Twilio refused the request").
 */
const RULES: Record<number, Rule> = {
  20003: {
    code: 'twilio.invalidCredentials',
    retryable: false,
    userMessage:
      "We couldn't sign in to Twilio. Check the Account SID and Auth Token, then reconnect Twilio.",
  },
  20008: {
    code: 'twilio.testCredentials',
    retryable: false,
    userMessage: 'These are Twilio test credentials. Use your live Account SID and Auth Token.',
  },
  20404: {
    code: 'twilio.notFound',
    retryable: false,
    userMessage: 'That number or message no longer exists in your Twilio account.',
  },
  20429: {
    code: 'twilio.rateLimited',
    retryable: true,
    userMessage: 'Twilio is busy right now. We will try again in a moment.',
  },
  21211: {
    code: 'twilio.invalidTo',
    retryable: false,
    userMessage: "That phone number doesn't look valid. Check it and try again.",
  },
  21212: {
    code: 'twilio.invalidFrom',
    retryable: false,
    userMessage: 'Your sending number is not set up correctly. Pick a valid number in Settings.',
  },
  21408: {
    code: 'twilio.regionNotEnabled',
    retryable: false,
    userMessage:
      "Texting to this country isn't enabled on your Twilio account. Turn it on in Twilio's SMS geographic permissions.",
  },
  21421: {
    code: 'twilio.numberInvalid',
    retryable: false,
    userMessage: "That number isn't valid for purchase.",
  },
  21422: {
    code: 'twilio.numberUnavailable',
    retryable: false,
    userMessage: 'That number was just taken. Pick another one.',
  },
  21452: {
    code: 'twilio.noNumbersInArea',
    retryable: false,
    userMessage: 'No numbers are available in that area code. Try another one.',
  },
  21606: {
    code: 'twilio.senderNotCapable',
    retryable: false,
    userMessage:
      "Your business number can't send texts to this contact: it is not an SMS-capable number of your Twilio account.",
  },
  21610: {
    code: 'twilio.optedOut',
    retryable: false,
    userMessage: 'This contact replied STOP. They must text START before you can text them again.',
  },
  21611: {
    code: 'twilio.queueFull',
    retryable: true,
    userMessage: 'Too many texts are waiting to go out from this number. Try again later.',
  },
  21612: {
    code: 'twilio.unreachable',
    retryable: false,
    userMessage: "This contact can't be reached by text from your number.",
  },
  21614: {
    code: 'twilio.notMobile',
    retryable: false,
    userMessage: "This number can't receive texts (it may be a landline).",
  },
};

const UNAVAILABLE: Rule = {
  code: 'twilio.unavailable',
  retryable: true,
  userMessage: 'Twilio did not answer; try again in a minute.',
};

type HttpLike = { status?: unknown; code?: unknown; message?: unknown };

/** Turns whatever the twilio SDK threw (RestException, TwilioServiceException, axios error) into a ProviderError. */
export function toTwilioProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as HttpLike;
  const status = typeof e.status === 'number' ? e.status : undefined;
  const twilioCode = typeof e.code === 'number' ? e.code : undefined;
  const providerMessage = typeof e.message === 'string' ? e.message : undefined;
  const base = { provider: 'twilio' as const, status, providerCode: twilioCode, providerMessage };

  // No HTTP status means the request never got an answer (refused, reset, DNS, timeout).
  if (status === undefined) {
    const networkCode = typeof e.code === 'string' ? e.code : undefined;
    return new ProviderError({
      ...UNAVAILABLE,
      provider: 'twilio',
      providerCode: networkCode,
      providerMessage,
    });
  }
  const rule = twilioCode !== undefined ? RULES[twilioCode] : undefined;
  if (rule) return new ProviderError({ ...base, ...rule });
  if (status === 401) return new ProviderError({ ...base, ...(RULES[20003] as Rule) });
  if (status === 429) return new ProviderError({ ...base, ...(RULES[20429] as Rule) });
  if (status >= 500) return new ProviderError({ ...base, ...UNAVAILABLE });
  return new ProviderError({
    ...base,
    code: 'twilio.rejected',
    retryable: false,
    userMessage: `Twilio refused the request${twilioCode ? ` (error ${twilioCode})` : ''}.`,
  });
}

export type DeliveryError = { code: number; reason: string; userMessage: string; retryable: boolean };

const DELIVERY: Record<number, Omit<DeliveryError, 'code' | 'reason'>> = {
  30001: {
    retryable: true,
    userMessage: 'Not sent: too many texts were waiting in the queue. Send it again later.',
  },
  30002: {
    retryable: false,
    userMessage: 'Not sent: your Twilio account is suspended. Check it in the Twilio console.',
  },
  30003: {
    retryable: true,
    userMessage: "Couldn't reach this phone. It may be switched off or out of coverage.",
  },
  30004: { retryable: false, userMessage: 'The recipient or their carrier blocked this text.' },
  30005: { retryable: false, userMessage: 'This number may no longer be in service.' },
  30006: { retryable: false, userMessage: "This number can't receive texts (it may be a landline)." },
  30007: {
    retryable: false,
    userMessage: 'The carrier filtered this text as possible spam. Review its wording.',
  },
  30008: { retryable: true, userMessage: 'Delivery failed for an unknown reason. Try sending it again.' },
  30009: { retryable: true, userMessage: 'Part of the text was lost on the way. Send it again.' },
  30010: {
    retryable: false,
    userMessage: 'Not sent: the text cost more than the maximum price set on it.',
  },
  30032: {
    retryable: false,
    userMessage: 'Your toll-free number must be verified before it can send texts.',
  },
  30034: {
    retryable: false,
    userMessage: 'Your number must be registered (US A2P 10DLC) before it can text US contacts.',
  },
};

/**
 * Why a message ended `undelivered`/`failed`, from the `ErrorCode` of the message or its status callback.
 * 300xx codes never come back as HTTP errors, only on the message afterwards.
 */
export function deliveryErrorReason(code: number | string | null | undefined): DeliveryError | null {
  if (code === null || code === undefined || code === '') return null;
  const n = typeof code === 'number' ? code : Number.parseInt(code, 10);
  if (!Number.isFinite(n)) return null;
  const known = DELIVERY[n];
  if (known) return { code: n, reason: `provider.twilio.delivery.${n}`, ...known };
  return {
    code: n,
    reason: 'provider.twilio.delivery.unknown',
    retryable: false,
    userMessage: `The text was not delivered (Twilio error ${n}).`,
  };
}
