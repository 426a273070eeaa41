export const analyticsKeys = {
  all: (orgId: string) => ['orgs', orgId, 'sms-analytics'] as const,
  analytics: (orgId: string, days: number) => ['orgs', orgId, 'sms-analytics', 'period', days] as const,
  costs: (orgId: string, months: number) => ['orgs', orgId, 'sms-analytics', 'costs', months] as const,
};

export const orgPath = (orgId: string, path: string) => `/api/v1/orgs/${encodeURIComponent(orgId)}${path}`;
