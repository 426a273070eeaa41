import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';

export const activateOrg = (orgId: string) =>
  apiFetch(`/api/v1/orgs/${encodeURIComponent(orgId)}/activate`, { method: 'POST', body: {} });

/** Switching organisation changes what every query returns, so everything is refetched. */
export function useActivateOrg() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: activateOrg, onSuccess: () => queryClient.invalidateQueries() });
}
