import { bulkSendSchema, messageSchema } from '@ava/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { apiFetch } from '../../../lib/api-client';
import { bulkKeys, orgPath } from './keys';
import { isLive } from './list-bulk-sends';

export const bulkRecipientSchema = messageSchema.extend({ name: z.string().nullable() });
export type BulkRecipient = z.infer<typeof bulkRecipientSchema>;

const bulkDetailSchema = z.object({
  send: bulkSendSchema,
  recipients: z.array(bulkRecipientSchema),
  hasMore: z.boolean(),
});

export const RECIPIENTS_PAGE = 50;

export type RecipientsFilter = { status?: string; offset: number };

export function getBulkSend(orgId: string, id: string, filter: RecipientsFilter) {
  const params = new URLSearchParams({ limit: String(RECIPIENTS_PAGE), offset: String(filter.offset) });
  if (filter.status) params.set('status', filter.status);
  return apiFetch(orgPath(orgId, `/bulk/${encodeURIComponent(id)}?${params}`), { schema: bulkDetailSchema });
}

export const useBulkSend = (orgId: string, id: string, filter: RecipientsFilter) =>
  useQuery({
    queryKey: bulkKeys.page(orgId, id, filter),
    queryFn: () => getBulkSend(orgId, id, filter),
    // Changing the filter or the page keeps the rows on screen until the next ones arrive.
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data && isLive(query.state.data.send) ? 2000 : false),
  });
