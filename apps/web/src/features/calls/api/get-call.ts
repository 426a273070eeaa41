import { callDetailSchema } from '@ava/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { callsKeys, orgPath } from './keys';

export const getCall = (orgId: string, callId: string) =>
  apiFetch(orgPath(orgId, `/calls/${encodeURIComponent(callId)}`), { schema: callDetailSchema });

export const callQueryOptions = (orgId: string, callId: string) =>
  queryOptions({
    queryKey: callsKeys.detail(orgId, callId),
    queryFn: () => getCall(orgId, callId),
    refetchInterval: (query) => (query.state.data?.status === 'in-progress' ? 3000 : false),
  });

export const useCall = (orgId: string, callId: string | null) =>
  useQuery({ ...callQueryOptions(orgId, callId ?? ''), enabled: Boolean(callId) });
