import { useMutation } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';

export const sendVerificationEmail = ({ email }: { email: string }) =>
  apiFetch('/api/auth/send-verification-email', {
    method: 'POST',
    body: { email, callbackURL: '/verify-email?verified=1' },
  });

export const useSendVerificationEmail = () => useMutation({ mutationFn: sendVerificationEmail });
