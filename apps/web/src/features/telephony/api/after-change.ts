import type { CredentialsOverview, CredentialStatus } from '@ava/contracts';
import type { QueryClient } from '@tanstack/react-query';
import { telephonyKeys } from './keys';

/** New or removed credentials change what the numbers page can do (imports resume, guidance changes). */
export function afterCredentialsChange(queryClient: QueryClient, orgId: string, saved?: CredentialStatus) {
  // Show what was just saved at once (masked secret, sandbox label), before the refetch answers.
  if (saved)
    queryClient.setQueryData<CredentialsOverview>(telephonyKeys.credentials(orgId), (overview) =>
      overview ? { ...overview, [saved.provider]: saved } : overview,
    );
  void queryClient.invalidateQueries({ queryKey: telephonyKeys.credentials(orgId) });
  void queryClient.invalidateQueries({ queryKey: telephonyKeys.numbers(orgId) });
  void queryClient.invalidateQueries({ queryKey: telephonyKeys.assistants(orgId) });
}
