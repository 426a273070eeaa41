export const callsKeys = {
  all: (orgId: string) => ['orgs', orgId, 'calls'] as const,
  list: (orgId: string, filters: object) => ['orgs', orgId, 'calls', 'list', filters] as const,
  detail: (orgId: string, callId: string) => ['orgs', orgId, 'calls', 'detail', callId] as const,
};

export const orgPath = (orgId: string, path: string) => `/api/v1/orgs/${encodeURIComponent(orgId)}${path}`;
