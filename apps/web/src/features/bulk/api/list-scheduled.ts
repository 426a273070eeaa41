import { messageSchema } from '@ava/contracts';
import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { apiFetch } from '../../../lib/api-client';
import { bulkKeys, orgPath } from './keys';

const scheduledSchema = z.object({ messages: z.array(messageSchema) });

export const listScheduled = (orgId: string) =>
  apiFetch(orgPath(orgId, '/messages/scheduled'), { schema: scheduledSchema });

/** Polled slowly: a scheduled text leaves this list by itself when its time comes. */
export const useScheduledTexts = (orgId: string) =>
  useQuery({
    queryKey: bulkKeys.scheduled(orgId),
    queryFn: () => listScheduled(orgId),
    refetchInterval: (query) => (query.state.data?.messages.length ? 15_000 : false),
  });
