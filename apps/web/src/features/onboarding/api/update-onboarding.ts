import { meSchema, type Me } from '@ava/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';

export type OnboardingPatch = { step?: number; completed?: boolean; skipped?: number[] };

export const updateOnboarding = (body: OnboardingPatch): Promise<Me> =>
  apiFetch('/api/v1/me/onboarding', { method: 'PATCH', body, schema: meSchema });

/** Saves the wizard's progress so it resumes where the user left it; the answer is the fresh `me`. */
export function useUpdateOnboarding() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateOnboarding,
    onSuccess: (me) => queryClient.setQueryData(['me'], me),
  });
}
