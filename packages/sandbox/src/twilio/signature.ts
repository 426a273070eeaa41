import { createHmac } from 'node:crypto';

export type WebhookParams = Record<string, string | readonly string[]>;

/**
 * X-Twilio-Signature exactly as Twilio computes it (and twilio-node's getExpectedTwilioSignature checks
 * it): the full URL, then each POST param name+value in name order (repeated values de-duplicated and
 * sorted), HMAC-SHA1 keyed with the account's auth token, base64.
 */
export function computeTwilioSignature(authToken: string, url: string, params: WebhookParams = {}): string {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const value = params[name];
    if (value === undefined) continue;
    if (typeof value === 'string') data += name + value;
    else for (const v of [...new Set(value)].sort()) data += name + v;
  }
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf-8')).digest('base64');
}
