import { templateCategoriesSchema } from '@ava/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { orgPath, templatesKeys } from './keys';

export const getTemplateCategories = (orgId: string) =>
  apiFetch(orgPath(orgId, '/templates/categories'), { schema: templateCategoriesSchema });

export const useTemplateCategories = (orgId: string) =>
  useQuery({ queryKey: templatesKeys.categories(orgId), queryFn: () => getTemplateCategories(orgId) });
