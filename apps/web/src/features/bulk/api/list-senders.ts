import { phoneNumbersListSchema, type PhoneNumber } from '@ava/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { bulkKeys, orgPath } from './keys';

/** Only the org's own Twilio numbers with SMS can send texts (Vapi numbers cannot). */
export const canSend = (n: PhoneNumber) => n.source === 'twilio' && n.capabilities.sms;

export const listSenders = async (orgId: string) => {
  const { numbers } = await apiFetch(orgPath(orgId, '/numbers'), { schema: phoneNumbersListSchema });
  return numbers.filter(canSend);
};

export const useSenders = (orgId: string) =>
  useQuery({ queryKey: bulkKeys.senders(orgId), queryFn: () => listSenders(orgId) });
