import { bulkSendSchema, type BulkSend } from '@ava/contracts';
import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { apiFetch } from '../../../lib/api-client';
import { bulkKeys, orgPath } from './keys';

const sendsSchema = z.object({ sends: z.array(bulkSendSchema) });

export const listBulkSends = (orgId: string) => apiFetch(orgPath(orgId, '/bulk'), { schema: sendsSchema });

/** A send still going (or about to start) moves every second: poll until they have all settled. */
export const isLive = (send: Pick<BulkSend, 'status'>) =>
  send.status === 'sending' || send.status === 'scheduled';

export const useBulkSends = (orgId: string) =>
  useQuery({
    queryKey: bulkKeys.list(orgId),
    queryFn: () => listBulkSends(orgId),
    refetchInterval: (query) => (query.state.data?.sends.some(isLive) ? 2000 : false),
  });
