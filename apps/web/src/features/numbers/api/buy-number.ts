import { phoneNumberSchema, type PhoneNumber } from '@ava/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { orgPath, telephonyKeys } from '../../telephony/api/keys';

export type BuyNumberBody = { phoneNumber: string; label?: string };

/** Buys the number, wires its SMS/status webhooks to AVA and (when possible) imports it into Vapi. */
export const buyNumber = (orgId: string, body: BuyNumberBody): Promise<PhoneNumber> =>
  apiFetch(orgPath(orgId, '/numbers'), { method: 'POST', body, schema: phoneNumberSchema });

export function useBuyNumber(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BuyNumberBody) => buyNumber(orgId, body),
    onSettled: () => queryClient.invalidateQueries({ queryKey: telephonyKeys.numbers(orgId) }),
  });
}
