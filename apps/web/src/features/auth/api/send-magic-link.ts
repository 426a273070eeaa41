import { emailSchema } from '@ava/contracts';
import { useMutation } from '@tanstack/react-query';
import { z } from 'zod';
import { apiFetch } from '../../../lib/api-client';

export const magicLinkFormSchema = z.object({ email: emailSchema });

export const sendMagicLink = ({ email }: { email: string }) =>
  apiFetch('/api/auth/sign-in/magic-link', {
    method: 'POST',
    body: { email, callbackURL: '/', errorCallbackURL: '/auth/magic-link' },
  });

export const useSendMagicLink = () => useMutation({ mutationFn: sendMagicLink });
