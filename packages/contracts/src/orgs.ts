import { z } from 'zod';
import { emailSchema, localeSchema, nameSchema } from './account.ts';

export const roles = ['owner', 'admin', 'member'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

export const idParam = z.string().min(1).max(64);
export const orgParamsSchema = z.object({ orgId: idParam });
export const memberParamsSchema = z.object({ orgId: idParam, memberId: idParam });
export const invitationParamsSchema = z.object({ orgId: idParam, invitationId: idParam });
export const invitationIdParamsSchema = z.object({ invitationId: idParam });

export const countrySchema = z.string().regex(/^[A-Z]{2}$/, { message: 'validation.country' });
export const timezoneSchema = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'validation.timezone' },
);

export const orgSummarySchema = z.object({ id: z.string(), name: z.string(), role: roleSchema });
export type OrgSummary = z.infer<typeof orgSummarySchema>;

export const orgSchema = z.object({
  id: z.string(),
  name: z.string(),
  country: z.string().nullable(),
  timezone: z.string().nullable(),
  role: roleSchema,
  createdAt: z.string(),
});
export type Org = z.infer<typeof orgSchema>;

export const updateOrgBodySchema = z
  .object({ name: nameSchema, country: countrySchema, timezone: timezoneSchema })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'validation.emptyUpdate' });

export const memberSchema = z.object({
  id: z.string(),
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  role: roleSchema,
  /** asked for an email after each call (owners always get one) */
  callEmails: z.boolean(),
  createdAt: z.string(),
});
export type Member = z.infer<typeof memberSchema>;

export const updateMemberBodySchema = z.object({ role: roleSchema });

export const invitationSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: roleSchema,
  status: z.enum(['pending', 'accepted', 'rejected', 'canceled']),
  expiresAt: z.string(),
  createdAt: z.string(),
});
export type Invitation = z.infer<typeof invitationSchema>;

export const createInvitationBodySchema = z.object({
  email: emailSchema,
  role: roleSchema.default('member'),
});
export type CreateInvitationBody = z.input<typeof createInvitationBodySchema>;

export const invitationPreviewSchema = z.object({
  id: z.string(),
  orgName: z.string(),
  inviterName: z.string(),
  email: z.string(),
  role: roleSchema,
  status: z.enum(['pending', 'accepted', 'rejected', 'canceled']),
  expired: z.boolean(),
});

export const meSchema = z.object({
  user: z.object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    emailVerified: z.boolean(),
    phoneNumber: z.string().nullable(),
    phoneNumberVerified: z.boolean(),
    twoFactorEnabled: z.boolean(),
    locale: localeSchema,
    newsletter: z.boolean(),
    onboarding: z.object({ step: z.number(), completed: z.boolean(), skipped: z.array(z.number()) }),
  }),
  activeOrgId: z.string().nullable(),
  orgs: z.array(orgSummarySchema),
});
export type Me = z.infer<typeof meSchema>;

export const updateMeBodySchema = z
  .object({ name: nameSchema, locale: localeSchema, newsletter: z.boolean() })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'validation.emptyUpdate' });

export const outboxItemSchema = z.object({
  id: z.string(),
  channel: z.enum(['email', 'sms']),
  to: z.string(),
  subject: z.string().nullable(),
  text: z.string(),
  html: z.string().nullable(),
  createdAt: z.string(),
});
export type OutboxItem = z.infer<typeof outboxItemSchema>;
