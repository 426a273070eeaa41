export const contactsKeys = {
  all: (orgId: string) => ['orgs', orgId, 'contacts'] as const,
  list: (orgId: string, filters: object) => ['orgs', orgId, 'contacts', 'list', filters] as const,
  tags: (orgId: string) => ['orgs', orgId, 'contacts', 'tags'] as const,
};

export const orgPath = (orgId: string, path: string) => `/api/v1/orgs/${encodeURIComponent(orgId)}${path}`;
