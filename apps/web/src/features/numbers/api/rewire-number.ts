import { phoneNumberSchema, type PhoneNumber } from '@ava/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { orgPath } from '../../telephony/api/keys';
import { replaceNumber } from './replace-number';

/** Points the number's SMS and status webhooks (back) at AVA. */
export const rewireNumber = (orgId: string, numberId: string): Promise<PhoneNumber> =>
  apiFetch(orgPath(orgId, `/numbers/${encodeURIComponent(numberId)}/rewire`), {
    method: 'POST',
    body: {},
    schema: phoneNumberSchema,
  });

export function useRewireNumber(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (numberId: string) => rewireNumber(orgId, numberId),
    onSuccess: (number) => replaceNumber(queryClient, orgId, number),
  });
}
