import { phoneSchema } from '@ava/contracts';
import { useMutation } from '@tanstack/react-query';
import { z } from 'zod';
import { apiFetch } from '../../../lib/api-client';

export const phoneFormSchema = z.object({ phoneNumber: phoneSchema });

/** phoneNumber must be E.164. */
export const sendPhoneOtp = ({ phoneNumber }: { phoneNumber: string }) =>
  apiFetch('/api/auth/phone-number/send-otp', { method: 'POST', body: { phoneNumber } });

export const useSendPhoneOtp = () => useMutation({ mutationFn: sendPhoneOtp });
