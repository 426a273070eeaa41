import { availableNumberSchema, type AvailableNumber } from '@ava/contracts';
import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { apiFetch } from '../../../lib/api-client';
import { orgPath, telephonyKeys } from '../../telephony/api/keys';

export type NumberSearch = {
  country: string;
  areaCode?: string;
  contains?: string;
  type?: 'local' | 'mobile' | 'tollFree';
  sms?: boolean;
  voice?: boolean;
};

export function searchAvailableNumbers(orgId: string, search: NumberSearch): Promise<AvailableNumber[]> {
  const params = new URLSearchParams({ country: search.country });
  if (search.areaCode) params.set('areaCode', search.areaCode);
  if (search.contains) params.set('contains', search.contains);
  if (search.type) params.set('type', search.type);
  if (search.sms !== undefined) params.set('sms', String(search.sms));
  if (search.voice !== undefined) params.set('voice', String(search.voice));
  return apiFetch(orgPath(orgId, `/numbers/available?${params.toString()}`), {
    schema: z.array(availableNumberSchema),
  });
}

/** Runs once a search is submitted (`search` null until then); results stay fresh for a minute. */
export function useAvailableNumbers(orgId: string, search: NumberSearch | null) {
  return useQuery({
    queryKey: telephonyKeys.available(orgId, search ?? {}),
    queryFn: () => searchAvailableNumbers(orgId, search!),
    enabled: search !== null,
    staleTime: 60_000,
    refetchOnWindowFocus: false,
  });
}
