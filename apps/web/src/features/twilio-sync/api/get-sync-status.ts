import { twilioSyncStatusSchema, type TwilioSyncStatus } from '@ava/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { orgPath, twilioSyncKeys } from './keys';

export const getSyncStatus = (orgId: string) =>
  apiFetch(orgPath(orgId, '/twilio-sync'), { schema: twilioSyncStatusSchema });

export const isSyncing = (s: TwilioSyncStatus | undefined) =>
  s?.messages?.status === 'running' || s?.calls?.status === 'running';

export const syncStatusQueryOptions = (orgId: string) =>
  queryOptions({
    queryKey: twilioSyncKeys.status(orgId),
    queryFn: () => getSyncStatus(orgId),
    // Progress moves page by page: poll while a run is going, not otherwise.
    refetchInterval: (query) => (isSyncing(query.state.data) ? 2000 : false),
  });

export const useSyncStatus = (orgId: string) => useQuery(syncStatusQueryOptions(orgId));
