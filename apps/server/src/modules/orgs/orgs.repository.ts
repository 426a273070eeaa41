import { or, and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withOrg, withOrgEach } from '../../db/tenant.ts';
import { invitations, members, organizations, users } from '../../db/schema/index.ts';

/**
 * Org-scoped reads run through withOrg, so RLS backs up every filter. The two user-keyed lookups
 * (which orgs a user belongs to; creating a user's first org) are identity queries by design.
 */
export type OrgsRepository = ReturnType<typeof orgsRepository>;

export function orgsRepository(db: Db) {
  return {
    /** The user's memberships across organisations, oldest first (the first one is their home org). */
    membershipsOfUser(userId: string) {
      return db
        .select({ id: organizations.id, name: organizations.name, role: members.role, memberId: members.id })
        .from(members)
        .innerJoin(organizations, eq(organizations.id, members.organizationId))
        .where(eq(members.userId, userId))
        .orderBy(asc(members.createdAt));
    },

    async membership(orgId: string, userId: string) {
      return withOrgEach(db, orgId, async (tx) => {
        const [row] = await tx
          .select({ id: members.id, role: members.role })
          .from(members)
          .where(and(eq(members.organizationId, orgId), eq(members.userId, userId)));
        return row;
      });
    },

    async createOrgWithOwner(org: { id: string; name: string; slug: string }, userId: string) {
      await db.transaction(async (tx) => {
        await tx.insert(organizations).values(org);
        await tx.insert(members).values({ organizationId: org.id, userId, role: 'owner' });
      });
    },

    async getOrg(orgId: string) {
      return withOrgEach(db, orgId, async (tx) => {
        const [row] = await tx.select().from(organizations).where(eq(organizations.id, orgId));
        return row;
      });
    },

    listMembers(orgId: string) {
      return withOrgEach(db, orgId, (tx) =>
        tx
          .select({
            id: members.id,
            userId: members.userId,
            role: members.role,
            callEmails: members.callEmails,
            createdAt: members.createdAt,
            name: users.name,
            email: users.email,
          })
          .from(members)
          .innerJoin(users, eq(users.id, members.userId))
          .where(eq(members.organizationId, orgId))
          .orderBy(asc(members.createdAt)),
      );
    },

    /** Owners of the org with what it takes to write to them (per-call emails). */
    /** Who gets an email after each call: every owner, and the members who asked for it. */
    callEmailRecipients(orgId: string) {
      return withOrgEach(db, orgId, (tx) =>
        tx
          .select({ email: users.email, name: users.name, locale: users.locale })
          .from(members)
          .innerJoin(users, eq(users.id, members.userId))
          .where(
            and(
              eq(members.organizationId, orgId),
              or(eq(members.role, 'owner'), eq(members.callEmails, true)),
            ),
          ),
      );
    },

    async setCallEmails(orgId: string, userId: string, callEmails: boolean) {
      await withOrg(db, orgId, (tx) =>
        tx
          .update(members)
          .set({ callEmails })
          .where(and(eq(members.organizationId, orgId), eq(members.userId, userId))),
      );
    },

    async getMember(orgId: string, memberId: string) {
      return withOrgEach(db, orgId, async (tx) => {
        const [row] = await tx
          .select()
          .from(members)
          .where(and(eq(members.organizationId, orgId), eq(members.id, memberId)));
        return row;
      });
    },

    listInvitations(orgId: string) {
      return withOrgEach(db, orgId, (tx) =>
        tx
          .select()
          .from(invitations)
          .where(eq(invitations.organizationId, orgId))
          .orderBy(desc(invitations.createdAt)),
      );
    },

    async getInvitation(orgId: string, invitationId: string) {
      return withOrgEach(db, orgId, async (tx) => {
        const [row] = await tx
          .select()
          .from(invitations)
          .where(and(eq(invitations.organizationId, orgId), eq(invitations.id, invitationId)));
        return row;
      });
    },

    /**
     * An invitee is not a member yet, so the acceptance page looks the invitation up by its unguessable
     * id alone; the service only shows it to the invited address.
     */
    async findInvitationForInvitee(invitationId: string) {
      const [row] = await db
        .select({
          id: invitations.id,
          email: invitations.email,
          role: invitations.role,
          status: invitations.status,
          expiresAt: invitations.expiresAt,
          orgName: organizations.name,
          inviterName: users.name,
        })
        .from(invitations)
        .innerJoin(organizations, eq(organizations.id, invitations.organizationId))
        .innerJoin(users, eq(users.id, invitations.inviterId))
        .where(eq(invitations.id, invitationId));
      return row;
    },
  };
}
