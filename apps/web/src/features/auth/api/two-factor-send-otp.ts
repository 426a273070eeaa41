import { useMutation } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';

export const sendTwoFactorOtp = () => apiFetch('/api/auth/two-factor/send-otp', { method: 'POST', body: {} });

export const useSendTwoFactorOtp = () => useMutation({ mutationFn: sendTwoFactorOtp });
