import { messagingSettingsSchema } from '@ava/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { bulkKeys, orgPath } from './keys';

/**
 * The org's time zone and quiet hours: times are typed and shown in the business's zone, not the
 * browser's, because that is where the contacts receive the texts. Kept fresh (short staleTime) as
 * Settings → Messaging may change the quiet hours.
 */
export const getSendingRules = async (orgId: string) => {
  const s = await apiFetch(orgPath(orgId, '/messaging/settings'), { schema: messagingSettingsSchema });
  return {
    timeZone: s.timezone,
    quietHours: s.quietHoursEnabled ? { start: s.quietStart, end: s.quietEnd } : null,
  };
};

export const useSendingRules = (orgId: string) =>
  useQuery({
    queryKey: bulkKeys.sendingRules(orgId),
    queryFn: () => getSendingRules(orgId),
    staleTime: 5_000,
  });
