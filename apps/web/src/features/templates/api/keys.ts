export const templatesKeys = {
  all: (orgId: string) => ['orgs', orgId, 'templates'] as const,
  list: (orgId: string) => ['orgs', orgId, 'templates', 'list'] as const,
  categories: (orgId: string) => ['orgs', orgId, 'templates', 'categories'] as const,
  variables: (orgId: string) => ['orgs', orgId, 'templates', 'variables'] as const,
  previewContacts: (orgId: string, q: string) => ['orgs', orgId, 'contacts', 'template-preview', q] as const,
};
export const orgPath = (orgId: string, path: string) => `/api/v1/orgs/${encodeURIComponent(orgId)}${path}`;
