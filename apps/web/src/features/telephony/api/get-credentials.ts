import { credentialsOverviewSchema, type CredentialsOverview } from '@ava/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { orgPath, telephonyKeys } from './keys';

export const getCredentials = (orgId: string): Promise<CredentialsOverview> =>
  apiFetch(orgPath(orgId, '/credentials'), { schema: credentialsOverviewSchema });

export const credentialsQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: telephonyKeys.credentials(orgId), queryFn: () => getCredentials(orgId) });

export const useCredentials = (orgId: string) => useQuery(credentialsQueryOptions(orgId));
