import { useMutation } from '@tanstack/react-query';
import { z } from 'zod';
import { apiFetch } from '../../../lib/api-client';

export type SocialProvider = 'google' | 'microsoft';

export const socialSignIn = (provider: SocialProvider) =>
  apiFetch('/api/auth/sign-in/social', {
    method: 'POST',
    body: { provider, callbackURL: '/' },
    schema: z.object({ url: z.string() }),
  });

export const useSocialSignIn = () =>
  useMutation({
    mutationFn: socialSignIn,
    onSuccess: ({ url }) => {
      window.location.href = url;
    },
  });
