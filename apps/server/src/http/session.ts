import type { Role } from '@ava/contracts';
import type { FastifyRequest } from 'fastify';
import type { Auth } from '../modules/auth/auth.ts';
import type { OrgsRepository } from '../modules/orgs/orgs.repository.ts';
import { toHeaders } from './auth-bridge.ts';
import { AppError } from './errors.ts';

export type SessionUser = {
  id: string;
  name: string;
  email: string;
  emailVerified: boolean;
  phoneNumber?: string | null;
  phoneNumberVerified?: boolean | null;
  twoFactorEnabled?: boolean | null;
  locale?: string | null;
  newsletter?: boolean | null;
};
export type RequestSession = { user: SessionUser; activeOrgId: string | null; headers: Headers };
export type OrgContext = RequestSession & { orgId: string; role: Role; memberId: string };

export type SessionResolver = ReturnType<typeof sessionResolver>;

export function sessionResolver(auth: Auth, orgs: OrgsRepository) {
  return {
    /** 401 without a valid session cookie. */
    async requireUser(request: FastifyRequest): Promise<RequestSession> {
      const headers = toHeaders(request);
      const session = await auth.api.getSession({ headers });
      if (!session) throw new AppError('UNAUTHENTICATED');
      return {
        user: session.user as SessionUser,
        activeOrgId:
          (session.session as { activeOrganizationId?: string | null }).activeOrganizationId ?? null,
        headers,
      };
    },
    /**
     * The tenant floor: someone who is not a member of the org gets 404, exactly as if it did not exist,
     * so org ids cannot be probed.
     */
    async requireMember(request: FastifyRequest, orgId: string, roles?: Role[]): Promise<OrgContext> {
      const s = await this.requireUser(request);
      const m = await orgs.membership(orgId, s.user.id);
      if (!m) throw new AppError('NOT_FOUND');
      if (roles && !roles.includes(m.role as Role)) throw new AppError('FORBIDDEN');
      return { ...s, orgId, role: m.role as Role, memberId: m.id };
    },
  };
}
