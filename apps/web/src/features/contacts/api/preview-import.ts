import { importPreviewSchema } from '@ava/contracts';
import { useMutation } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { orgPath } from './keys';

/** What the file would do, row by row; nothing is saved. */
export const previewImport = (orgId: string, csv: string) =>
  apiFetch(orgPath(orgId, '/contacts/import/preview'), {
    method: 'POST',
    body: { csv },
    schema: importPreviewSchema,
  });

export const usePreviewImport = (orgId: string) =>
  useMutation({ mutationFn: (csv: string) => previewImport(orgId, csv) });
