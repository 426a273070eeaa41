/** Query keys of the organisation's telephony data, shared so each mutation refreshes what it changes. */
export const telephonyKeys = {
  credentials: (orgId: string) => ['orgs', orgId, 'credentials'] as const,
  numbers: (orgId: string) => ['orgs', orgId, 'numbers'] as const,
  available: (orgId: string, query: object) => ['orgs', orgId, 'numbers', 'available', query] as const,
  assistants: (orgId: string) => ['orgs', orgId, 'assistants'] as const,
};

export const orgPath = (orgId: string, path: string) => `/api/v1/orgs/${encodeURIComponent(orgId)}${path}`;
