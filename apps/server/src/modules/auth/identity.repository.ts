import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { users } from '../../db/schema/index.ts';

/** User-keyed lookups that exist before any organisation context (sign-up, sign-in mail). */
export type IdentityRepository = ReturnType<typeof identityRepository>;

export function identityRepository(db: Db) {
  return {
    async localeOfEmail(email: string) {
      const [row] = await db
        .select({ locale: users.locale })
        .from(users)
        .where(eq(users.email, email.toLowerCase()));
      return row?.locale;
    },
    async phoneTaken(phoneNumber: string) {
      const [row] = await db.select({ id: users.id }).from(users).where(eq(users.phoneNumber, phoneNumber));
      return Boolean(row);
    },
    async onboarding(userId: string) {
      const [row] = await db.select({ onboarding: users.onboarding }).from(users).where(eq(users.id, userId));
      return row?.onboarding ?? null;
    },
    async setOnboarding(userId: string, value: { step: number; completed: boolean; skipped: number[] }) {
      await db.update(users).set({ onboarding: value }).where(eq(users.id, userId));
    },
    async localeOfPhone(phoneNumber: string) {
      const [row] = await db
        .select({ locale: users.locale })
        .from(users)
        .where(eq(users.phoneNumber, phoneNumber));
      return row?.locale;
    },
  };
}
