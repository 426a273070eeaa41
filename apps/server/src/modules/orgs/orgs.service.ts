import type { Invitation, Member, Me, Org, Role, Locale } from '@ava/contracts';
import { AppError } from '../../http/errors.ts';
import type { OrgContext, RequestSession } from '../../http/session.ts';
import type { Auth } from '../auth/auth.ts';
import { rethrowAuthError } from '../auth/auth.errors.ts';
import type { OrgsRepository } from './orgs.repository.ts';
import type { IdentityRepository } from '../auth/identity.repository.ts';

const iso = (d: Date) => d.toISOString();
const MANAGERS: Role[] = ['owner', 'admin'];

export type OrgsService = ReturnType<typeof orgsService>;

/**
 * Reads go through our repository under RLS; changes go through better-auth's organization API, which
 * owns the membership rules (who may invite whom, the last owner, invitation expiry).
 */
export function orgsService(auth: Auth, repo: OrgsRepository, identity: IdentityRepository) {
  const call = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof AppError) throw err;
      return rethrowAuthError(err);
    }
  };
  const requireManager = (ctx: OrgContext) => {
    if (!MANAGERS.includes(ctx.role)) throw new AppError('FORBIDDEN');
  };

  return {
    async me(s: RequestSession): Promise<Me> {
      const [orgs, onboarding] = await Promise.all([
        repo.membershipsOfUser(s.user.id),
        identity.onboarding(s.user.id),
      ]);
      const active = orgs.find((o) => o.id === s.activeOrgId)?.id ?? orgs[0]?.id ?? null;
      return {
        user: {
          id: s.user.id,
          name: s.user.name,
          email: s.user.email,
          emailVerified: s.user.emailVerified,
          phoneNumber: s.user.phoneNumber ?? null,
          phoneNumberVerified: Boolean(s.user.phoneNumberVerified),
          twoFactorEnabled: Boolean(s.user.twoFactorEnabled),
          locale: (['en', 'fr', 'he'].includes(s.user.locale ?? '') ? s.user.locale : 'en') as Locale,
          newsletter: Boolean(s.user.newsletter),
          onboarding: onboarding ?? { step: 1, completed: false, skipped: [] },
        },
        activeOrgId: active,
        orgs: orgs.map((o) => ({ id: o.id, name: o.name, role: o.role as Role })),
      };
    },

    async updateMe(s: RequestSession, patch: { name?: string; locale?: Locale; newsletter?: boolean }) {
      await call(() => auth.api.updateUser({ headers: s.headers, body: patch }));
    },

    /** Saves where the user is in the onboarding wizard, so it resumes there. */
    async updateOnboarding(
      s: RequestSession,
      patch: { step?: number; completed?: boolean; skipped?: number[] },
    ) {
      const current = (await identity.onboarding(s.user.id)) ?? { step: 1, completed: false, skipped: [] };
      await identity.setOnboarding(s.user.id, { ...current, ...patch });
    },

    async activate(ctx: OrgContext) {
      await call(() =>
        auth.api.setActiveOrganization({ headers: ctx.headers, body: { organizationId: ctx.orgId } }),
      );
    },

    async getOrg(ctx: OrgContext): Promise<Org> {
      const org = await repo.getOrg(ctx.orgId);
      if (!org) throw new AppError('NOT_FOUND');
      return {
        id: org.id,
        name: org.name,
        country: org.country,
        timezone: org.timezone,
        role: ctx.role,
        createdAt: iso(org.createdAt),
      };
    },

    async updateOrg(ctx: OrgContext, data: { name?: string; country?: string; timezone?: string }) {
      requireManager(ctx);
      await call(() =>
        auth.api.updateOrganization({ headers: ctx.headers, body: { organizationId: ctx.orgId, data } }),
      );
      return this.getOrg(ctx);
    },

    async listMembers(ctx: OrgContext): Promise<Member[]> {
      const rows = await repo.listMembers(ctx.orgId);
      return rows.map((m) => ({ ...m, role: m.role as Role, createdAt: iso(m.createdAt) }));
    },

    /** Any member chooses for themselves; owners get call emails whatever they choose. */
    async setMyCallEmails(ctx: OrgContext, callEmails: boolean) {
      await repo.setCallEmails(ctx.orgId, ctx.user.id, callEmails);
      return { callEmails: ctx.role === 'owner' || callEmails };
    },

    async updateMemberRole(ctx: OrgContext, memberId: string, role: Role) {
      requireManager(ctx);
      const target = await repo.getMember(ctx.orgId, memberId);
      if (!target) throw new AppError('NOT_FOUND');
      if (target.role === 'owner' && role !== 'owner') await this.assertAnotherOwner(ctx.orgId, memberId);
      await call(() =>
        auth.api.updateMemberRole({
          headers: ctx.headers,
          body: { organizationId: ctx.orgId, memberId, role },
        }),
      );
    },

    /** Managers remove others; anyone may leave. An organisation always keeps an owner. */
    async removeMember(ctx: OrgContext, memberId: string) {
      const target = await repo.getMember(ctx.orgId, memberId);
      if (!target) throw new AppError('NOT_FOUND');
      const self = target.id === ctx.memberId;
      if (!self) requireManager(ctx);
      if (target.role === 'owner') await this.assertAnotherOwner(ctx.orgId, memberId);
      if (self)
        await call(() =>
          auth.api.leaveOrganization({ headers: ctx.headers, body: { organizationId: ctx.orgId } }),
        );
      else
        await call(() =>
          auth.api.removeMember({
            headers: ctx.headers,
            body: { organizationId: ctx.orgId, memberIdOrEmail: memberId },
          }),
        );
    },

    async assertAnotherOwner(orgId: string, memberId: string) {
      const members = await repo.listMembers(orgId);
      if (!members.some((m) => m.role === 'owner' && m.id !== memberId)) throw new AppError('LAST_OWNER');
    },

    async listInvitations(ctx: OrgContext): Promise<Invitation[]> {
      const rows = await repo.listInvitations(ctx.orgId);
      return rows.map(toInvitation);
    },

    async invite(ctx: OrgContext, email: string, role: Role): Promise<Invitation> {
      requireManager(ctx);
      if (role === 'owner' && ctx.role !== 'owner') throw new AppError('FORBIDDEN');
      const created = await call(() =>
        auth.api.createInvitation({
          headers: ctx.headers,
          body: { organizationId: ctx.orgId, email, role, resend: true },
        }),
      );
      const row = await repo.getInvitation(ctx.orgId, (created as { id: string }).id);
      if (!row) throw new AppError('INTERNAL');
      return toInvitation(row);
    },

    async cancelInvitation(ctx: OrgContext, invitationId: string) {
      requireManager(ctx);
      const row = await repo.getInvitation(ctx.orgId, invitationId);
      if (!row) throw new AppError('NOT_FOUND');
      await call(() => auth.api.cancelInvitation({ headers: ctx.headers, body: { invitationId } }));
    },

    /** Only the invited address sees an invitation; to anyone else it does not exist. */
    async previewInvitation(s: RequestSession, invitationId: string) {
      const inv = await repo.findInvitationForInvitee(invitationId);
      if (!inv || inv.email.toLowerCase() !== s.user.email.toLowerCase()) throw new AppError('NOT_FOUND');
      return {
        id: inv.id,
        orgName: inv.orgName,
        inviterName: inv.inviterName,
        email: inv.email,
        role: inv.role as Role,
        status: inv.status as Invitation['status'],
        expired: inv.expiresAt.getTime() < Date.now(),
      };
    },

    async acceptInvitation(s: RequestSession, invitationId: string) {
      const preview = await this.previewInvitation(s, invitationId);
      if (preview.status !== 'pending' || preview.expired) throw new AppError('INVITATION_INVALID');
      const result = await call(() =>
        auth.api.acceptInvitation({ headers: s.headers, body: { invitationId } }),
      );
      const orgId = (result as { invitation?: { organizationId?: string } } | null)?.invitation
        ?.organizationId;
      if (!orgId) throw new AppError('INVITATION_INVALID');
      return { orgId };
    },
  };
}

function toInvitation(row: {
  id: string;
  email: string;
  role: string;
  status: string;
  expiresAt: Date;
  createdAt: Date;
}): Invitation {
  return {
    id: row.id,
    email: row.email,
    role: row.role as Role,
    status: row.status as Invitation['status'],
    expiresAt: iso(row.expiresAt),
    createdAt: iso(row.createdAt),
  };
}
