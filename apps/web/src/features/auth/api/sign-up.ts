import { signUpBodySchema, type SignUpBody } from '@ava/contracts';
import { useMutation } from '@tanstack/react-query';
import { z } from 'zod';
import { apiFetch } from '../../../lib/api-client';

export const signUpFormSchema = signUpBodySchema;

export const signUp = (body: SignUpBody): Promise<{ userId: string }> =>
  apiFetch('/api/v1/auth/signup', { method: 'POST', body, schema: z.object({ userId: z.string() }) });

export const useSignUp = () => useMutation({ mutationFn: signUp });
