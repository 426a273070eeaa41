import { emailSchema } from '@ava/contracts';
import { useMutation } from '@tanstack/react-query';
import { z } from 'zod';
import { apiFetch } from '../../../lib/api-client';

export const forgotPasswordFormSchema = z.object({ email: emailSchema });

export const requestPasswordReset = ({ email }: { email: string }) =>
  apiFetch('/api/auth/request-password-reset', {
    method: 'POST',
    body: { email, redirectTo: '/reset-password' },
  });

export const useRequestPasswordReset = () => useMutation({ mutationFn: requestPasswordReset });
