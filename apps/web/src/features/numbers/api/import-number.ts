import { phoneNumberSchema, type PhoneNumber } from '@ava/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { orgPath } from '../../telephony/api/keys';
import { replaceNumber } from './replace-number';

/** Imports the number into Vapi and links it to the receptionist, or says what is missing (importIssue). */
export const importNumber = (orgId: string, numberId: string, assistantId?: string): Promise<PhoneNumber> =>
  apiFetch(orgPath(orgId, `/numbers/${encodeURIComponent(numberId)}/import`), {
    method: 'POST',
    body: assistantId ? { assistantId } : {},
    schema: phoneNumberSchema,
  });

export function useImportNumber(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, assistantId }: { id: string; assistantId?: string }) =>
      importNumber(orgId, id, assistantId),
    onSuccess: (number) => replaceNumber(queryClient, orgId, number),
  });
}
