export const bulkKeys = {
  all: (orgId: string) => ['orgs', orgId, 'bulk'] as const,
  list: (orgId: string) => ['orgs', orgId, 'bulk', 'list'] as const,
  detail: (orgId: string, id: string) => ['orgs', orgId, 'bulk', 'detail', id] as const,
  page: (orgId: string, id: string, filter: object) => ['orgs', orgId, 'bulk', 'detail', id, filter] as const,
  scheduled: (orgId: string) => ['orgs', orgId, 'bulk', 'scheduled'] as const,
  contacts: (orgId: string, q: string) => ['orgs', orgId, 'bulk', 'contacts', q] as const,
  tags: (orgId: string) => ['orgs', orgId, 'bulk', 'tags'] as const,
  senders: (orgId: string) => ['orgs', orgId, 'bulk', 'senders'] as const,
  variables: (orgId: string) => ['orgs', orgId, 'bulk', 'variables'] as const,
  sendingRules: (orgId: string) => ['orgs', orgId, 'bulk', 'sending-rules'] as const,
};

export const orgPath = (orgId: string, path: string) => `/api/v1/orgs/${encodeURIComponent(orgId)}${path}`;
