import { phoneNumberSchema, type PhoneNumber } from '@ava/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { orgPath, telephonyKeys } from '../../telephony/api/keys';
import { replaceNumber } from './replace-number';

export type UpdateNumberBody = Partial<
  Pick<
    PhoneNumber,
    | 'label'
    | 'rotation'
    | 'aiReplies'
    | 'smsRate'
    | 'businessHours'
    | 'fallbackNumber'
    | 'voicemail'
    | 'assistantId'
  >
>;

export const updateNumber = (orgId: string, numberId: string, body: UpdateNumberBody): Promise<PhoneNumber> =>
  apiFetch(orgPath(orgId, `/numbers/${encodeURIComponent(numberId)}`), {
    method: 'PATCH',
    body,
    schema: phoneNumberSchema,
  });

export function useUpdateNumber(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateNumberBody }) => updateNumber(orgId, id, body),
    onSuccess: (number) => replaceNumber(queryClient, orgId, number),
    onSettled: () => queryClient.invalidateQueries({ queryKey: telephonyKeys.numbers(orgId) }),
  });
}
