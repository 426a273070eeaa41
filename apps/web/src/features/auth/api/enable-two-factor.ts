import { useMutation } from '@tanstack/react-query';
import { z } from 'zod';
import { apiFetch } from '../../../lib/api-client';

export const passwordFormSchema = z.object({
  password: z.string().min(1, { message: 'validation.required' }),
});

export const enableTwoFactor = ({ password }: { password: string }) =>
  apiFetch('/api/auth/two-factor/enable', {
    method: 'POST',
    body: { password },
    schema: z.object({ totpURI: z.string(), backupCodes: z.array(z.string()) }),
  });

export const useEnableTwoFactor = () => useMutation({ mutationFn: enableTwoFactor });
