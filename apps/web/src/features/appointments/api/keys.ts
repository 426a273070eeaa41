export const appointmentsKeys = {
  all: (orgId: string) => ['orgs', orgId, 'appointments'] as const,
  range: (orgId: string, from: string, to: string) => ['orgs', orgId, 'appointments', from, to] as const,
  settings: (orgId: string) => ['orgs', orgId, 'booking-settings'] as const,
  services: (orgId: string) => ['orgs', orgId, 'services'] as const,
};
export const orgPath = (orgId: string, path: string) => `/api/v1/orgs/${encodeURIComponent(orgId)}${path}`;
