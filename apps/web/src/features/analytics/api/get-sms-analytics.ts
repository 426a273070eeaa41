import { smsAnalyticsSchema, type SmsAnalyticsPeriod } from '@ava/contracts';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { analyticsKeys, orgPath } from './keys';

export const getSmsAnalytics = (orgId: string, days: SmsAnalyticsPeriod) =>
  apiFetch(orgPath(orgId, `/messaging/analytics?days=${days}`), { schema: smsAnalyticsSchema });

export const smsAnalyticsQueryOptions = (orgId: string, days: SmsAnalyticsPeriod) =>
  queryOptions({
    queryKey: analyticsKeys.analytics(orgId, days),
    queryFn: () => getSmsAnalytics(orgId, days),
    // Switching period keeps the previous figures on screen until the new ones arrive.
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });

export const useSmsAnalytics = (orgId: string, days: SmsAnalyticsPeriod) =>
  useQuery(smsAnalyticsQueryOptions(orgId, days));
