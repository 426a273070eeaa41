import { assistantSchema, type Assistant } from '@ava/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { apiFetch } from '../../../lib/api-client';
import { orgPath, telephonyKeys } from '../../telephony/api/keys';

export const listAssistants = (orgId: string): Promise<Assistant[]> =>
  apiFetch(orgPath(orgId, '/assistants'), { schema: z.array(assistantSchema) });

export const assistantsQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: telephonyKeys.assistants(orgId), queryFn: () => listAssistants(orgId) });

export const useAssistants = (orgId: string) => useQuery(assistantsQueryOptions(orgId));
