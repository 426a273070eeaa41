import { presetSchema, type industries, type Locale, type tones } from '@ava/contracts';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';

export type Industry = (typeof industries)[number];
export type Tone = (typeof tones)[number];
export type PresetQuery = { industry: Industry; language: Locale; business?: string; tone?: Tone };

export function getPreset(query: PresetQuery) {
  const params = new URLSearchParams({ industry: query.industry, language: query.language });
  if (query.business) params.set('business', query.business);
  if (query.tone) params.set('tone', query.tone);
  return apiFetch(`/api/v1/presets?${params.toString()}`, { schema: presetSchema });
}

export const presetQueryOptions = (query: PresetQuery) =>
  queryOptions({ queryKey: ['presets', query], queryFn: () => getPreset(query), staleTime: Infinity });

export const usePreset = (query: PresetQuery | null) =>
  useQuery({
    ...presetQueryOptions(query ?? { industry: 'other', language: 'en' }),
    enabled: query !== null,
    placeholderData: keepPreviousData,
  });
