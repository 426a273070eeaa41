import { passwordSchema } from '@ava/contracts';
import { useMutation } from '@tanstack/react-query';
import { z } from 'zod';
import { apiFetch } from '../../../lib/api-client';

export const resetPasswordFormSchema = z
  .object({ newPassword: passwordSchema, passwordConfirmation: z.string() })
  .refine((v) => v.newPassword === v.passwordConfirmation, {
    path: ['passwordConfirmation'],
    message: 'validation.passwordMismatch',
  });

export const resetPassword = (body: { newPassword: string; token: string }) =>
  apiFetch('/api/auth/reset-password', { method: 'POST', body });

export const useResetPassword = () => useMutation({ mutationFn: resetPassword });
