import type { Database } from '../../db/client.ts';

export type QueueBacklog = { name: string; waiting: number; oldestSeconds: number };

/** What /readyz and /metrics read: not tenant data, so no org id and no row-level security. */
export function healthRepository(database: Database) {
  return {
    /** Throws when the database cannot answer. */
    async ping() {
      await database.executeSql('SELECT 1', []);
    },

    /**
     * Work waiting per queue, and how long the oldest has waited. pg-boss 10 keeps waiting jobs in
     * pgboss.job with state 'created' (or 'retry' while backing off); stored webhooks and due texts wait in
     * their own tables (ADR 17, ADR 20). Events given up on ('infinity') wait for nothing.
     */
    async queueBacklog(): Promise<QueueBacklog[]> {
      const { rows } = await database.executeSql(
        `SELECT name, count(*)::int AS waiting,
                coalesce(extract(epoch FROM now() - min(created_on)), 0)::float AS oldest
           FROM pgboss.job WHERE state IN ('created', 'retry') GROUP BY name
         UNION ALL
         SELECT 'webhook-events', count(*)::int, coalesce(extract(epoch FROM now() - min(received_at)), 0)::float
           FROM webhook_events WHERE processed_at IS NULL AND available_at < 'infinity'
         UNION ALL
         SELECT 'sms-outbox', count(*)::int, coalesce(extract(epoch FROM now() - min(send_at)), 0)::float
           FROM messages WHERE status = 'pending' AND send_at <= now()`,
      );
      return rows.map((r) => ({
        name: String(r.name),
        waiting: Number(r.waiting),
        oldestSeconds: Number(r.oldest),
      }));
    },
  };
}
