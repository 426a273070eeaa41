import { createHmac } from 'node:crypto';
import type { Sandbox } from '@ava/sandbox';
import type { Config } from '../../config.ts';
import type { Logger } from '../../lib/logger.ts';
import type { Keyring } from '../../lib/secrets.ts';
import type { OutboxRepository } from '../../modules/outbox/outbox.repository.ts';
import { outboxTelephony } from './outbox.adapter.ts';
import type { SmsSender } from './telephony.port.ts';
import { createTwilioTelephony } from './twilio.adapter.ts';

/**
 * Which Twilio account sends AVA's own SMS (sign-in and second-factor codes), chosen by configuration:
 * the operator's account; else, in sandbox mode, a system account in the Twilio emulator reached over
 * HTTP like the real one; else the outbox. The adapter is the same Twilio adapter in the first two cases.
 */
export function systemSmsSender(deps: {
  config: Config;
  sandbox: Sandbox | null;
  keyring: Keyring;
  outbox: OutboxRepository;
  log: Logger;
}): SmsSender {
  const { config, sandbox, keyring, outbox, log } = deps;
  if (config.systemTwilio) {
    const { accountSid, authToken, from } = config.systemTwilio;
    return createTwilioTelephony({ accountSid, authToken, defaultFrom: from });
  }
  if (sandbox) {
    // Stable credentials derived from the encryption key, so a restored sandbox keeps the same account.
    const derive = (label: string) =>
      createHmac('sha256', keyring.current.key).update(label).digest('hex').slice(0, 32);
    const accountSid = `AC${derive('sandbox-system-account')}`;
    const authToken = derive('sandbox-system-token');
    const twilio = sandbox.twilio;
    const account =
      twilio.getAccount(accountSid) ??
      twilio.createAccount({ accountSid, authToken, friendlyName: 'AVA system (sandbox)' });
    const number =
      twilio.listNumbers(account.sid)[0] ??
      twilio.buyNumber(account, { areaCode: '415', friendlyName: 'AVA sign-in codes' });
    return createTwilioTelephony({
      accountSid,
      authToken,
      baseUrl: `${config.internalUrl}/sandbox/twilio`,
      defaultFrom: number.phoneNumber,
    });
  }
  log.warn('no Twilio account for system SMS and sandbox is off: sign-in codes go to the outbox only');
  return outboxTelephony(outbox, log);
}
