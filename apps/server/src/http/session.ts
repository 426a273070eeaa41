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
  // A request resolves its session and membership once (the tenant gate, then the handler).
  const resolved = new WeakMap<FastifyRequest, Promise<OrgContext>>();
  return {
    /** 401 without a valid session cookie. */
    async requireUser(request: FastifyRequest): Promise<RequestSession> {
      const headers = toHeaders(request);
      const session = await auth.api.getSession({ headers }).catch((err: unknown) => {
        // better-auth logs why its session lookup failed and throws a bare 500 without the cause; the
        // lookup is a database read, so this is the database being unreachable (a restart, an outage).
        const e = err as { statusCode?: number; body?: { code?: string } };
        if (e.statusCode === 500 && e.body?.code === 'FAILED_TO_GET_SESSION')
          throw new AppError('UNAVAILABLE');
        throw err;
      });
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
      let pending = resolved.get(request);
      if (!pending || (await pending.catch(() => undefined))?.orgId !== orgId) {
        pending = (async () => {
          const s = await this.requireUser(request);
          const m = await orgs.membership(orgId, s.user.id);
          if (!m) throw new AppError('NOT_FOUND');
          return { ...s, orgId, role: m.role as Role, memberId: m.id };
        })();
        resolved.set(request, pending);
      }
      const ctx = await pending;
      if (roles && !roles.includes(ctx.role)) throw new AppError('FORBIDDEN');
      return ctx;
    },
  };
}
