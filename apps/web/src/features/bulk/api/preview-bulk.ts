import { bulkPreviewSchema, type BulkBody } from '@ava/contracts';
import { useMutation } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { orgPath } from './keys';

export const previewBulk = (orgId: string, body: BulkBody) =>
  apiFetch(orgPath(orgId, '/bulk/preview'), { method: 'POST', body, schema: bulkPreviewSchema });

/** A mutation, not a query: the preview is asked for once the user reaches the last step. */
export const usePreviewBulk = (orgId: string) =>
  useMutation({ mutationFn: (body: BulkBody) => previewBulk(orgId, body) });
