import { useMutation } from '@tanstack/react-query';
import { z } from 'zod';
import { apiFetch } from '../../../lib/api-client';

export const codeSchema = z
  .string()
  .trim()
  .regex(/^\d{6}$/, { message: 'validation.code' });
export const codeFormSchema = z.object({ code: codeSchema });

export const verifyPhoneOtp = (body: { phoneNumber: string; code: string }) =>
  apiFetch('/api/auth/phone-number/verify', { method: 'POST', body });

export const useVerifyPhoneOtp = () => useMutation({ mutationFn: verifyPhoneOtp });
