import { enhanceTemplateResultSchema, type EnhanceTemplateBody } from '@ava/contracts';
import { useMutation } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { orgPath } from './keys';

/** A suggestion only: nothing changes on the server, so no cache to refresh. */
export const enhanceTemplate = (orgId: string, body: EnhanceTemplateBody) =>
  apiFetch(orgPath(orgId, '/templates/enhance'), {
    method: 'POST',
    body,
    schema: enhanceTemplateResultSchema,
  });

export const useEnhanceTemplate = (orgId: string) =>
  useMutation({ mutationFn: (body: EnhanceTemplateBody) => enhanceTemplate(orgId, body) });
