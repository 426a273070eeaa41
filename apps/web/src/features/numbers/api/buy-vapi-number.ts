import { phoneNumberSchema, type PhoneNumber } from '@ava/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { orgPath, telephonyKeys } from '../../telephony/api/keys';

export type FreeVapiNumberBody = { areaCode: string; label?: string };

/** A free US number from Vapi (capped per Vapi account). */
export const buyVapiNumber = (orgId: string, body: FreeVapiNumberBody): Promise<PhoneNumber> =>
  apiFetch(orgPath(orgId, '/numbers/vapi'), { method: 'POST', body, schema: phoneNumberSchema });

export function useBuyVapiNumber(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: FreeVapiNumberBody) => buyVapiNumber(orgId, body),
    onSettled: () => queryClient.invalidateQueries({ queryKey: telephonyKeys.numbers(orgId) }),
  });
}
