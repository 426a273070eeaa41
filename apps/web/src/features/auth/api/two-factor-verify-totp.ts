import { useMutation } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';

export const verifyTotp = (body: { code: string; trustDevice?: boolean }) =>
  apiFetch('/api/auth/two-factor/verify-totp', { method: 'POST', body });

export const useVerifyTotp = () => useMutation({ mutationFn: verifyTotp });
