import { useMutation } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';

export const verifyTwoFactorOtp = (body: { code: string; trustDevice?: boolean }) =>
  apiFetch('/api/auth/two-factor/verify-otp', { method: 'POST', body });

export const useVerifyTwoFactorOtp = () => useMutation({ mutationFn: verifyTwoFactorOtp });
