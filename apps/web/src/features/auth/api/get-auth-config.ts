import { authConfigSchema, type AuthConfig } from '@ava/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';

export const getAuthConfig = (): Promise<AuthConfig> =>
  apiFetch('/api/v1/auth/config', { schema: authConfigSchema });

export const authConfigQueryOptions = () =>
  queryOptions({ queryKey: ['auth-config'], queryFn: getAuthConfig, staleTime: 5 * 60_000 });

export const useAuthConfig = () => useQuery(authConfigQueryOptions());
