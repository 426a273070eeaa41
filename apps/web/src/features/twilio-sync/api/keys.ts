export const twilioSyncKeys = {
  status: (orgId: string) => ['orgs', orgId, 'twilio-sync'] as const,
};

export const orgPath = (orgId: string, path: string) => `/api/v1/orgs/${encodeURIComponent(orgId)}${path}`;
