import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { apiFetch, isApiError } from '../../../lib/api-client';
import { orgPath, templatesKeys } from './keys';

/** Only what a preview needs from the Contacts API; other fields are ignored. */
export const previewContactSchema = z.object({
  id: z.string(),
  e164: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable().optional(),
  fields: z
    .record(z.string(), z.unknown())
    .nullable()
    .optional()
    .transform((f) => Object.fromEntries(Object.entries(f ?? {}).map(([k, v]) => [k, String(v ?? '')]))),
});
export type PreviewContact = z.infer<typeof previewContactSchema>;
const pageSchema = z.object({ contacts: z.array(previewContactSchema) });

/** Contacts to preview a template for; none (the sample contact only) when the list is not available. */
export async function listPreviewContacts(orgId: string, q: string): Promise<PreviewContact[]> {
  const params = new URLSearchParams({ q, limit: '20' });
  try {
    return (await apiFetch(orgPath(orgId, `/contacts?${params}`), { schema: pageSchema })).contacts;
  } catch (error) {
    if (isApiError(error, 'NOT_FOUND')) return [];
    throw error;
  }
}

export const usePreviewContacts = (orgId: string, q: string) =>
  useQuery({
    queryKey: templatesKeys.previewContacts(orgId, q),
    queryFn: () => listPreviewContacts(orgId, q),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
