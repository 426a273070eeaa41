import { logInBodySchema, logInResponseSchema, type LogInBody } from '@ava/contracts';
import { useMutation } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';

export const logInFormSchema = logInBodySchema;

export const logIn = (body: LogInBody): Promise<{ twoFactorRequired: boolean }> =>
  apiFetch('/api/v1/auth/login', { method: 'POST', body, schema: logInResponseSchema });

export const useLogIn = () => useMutation({ mutationFn: logIn });
