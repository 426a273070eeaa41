import { orgSchema, updateOrgBodySchema, type Org } from '@ava/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { apiFetch } from '../../../lib/api-client';

export const updateOrgFormSchema = updateOrgBodySchema;
export type UpdateOrgBody = z.input<typeof updateOrgBodySchema>;

export const updateOrg = (orgId: string, body: UpdateOrgBody): Promise<Org> =>
  apiFetch(`/api/v1/orgs/${encodeURIComponent(orgId)}`, { method: 'PATCH', body, schema: orgSchema });

export function useUpdateOrg(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateOrgBody) => updateOrg(orgId, body),
    onSuccess: (org) => {
      queryClient.setQueryData(['orgs', orgId], org);
      // The org name also shows in the switcher, which reads /me.
      void queryClient.invalidateQueries({ queryKey: ['me'] });
    },
  });
}
