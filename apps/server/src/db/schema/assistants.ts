import { jsonb, pgTable, text, index } from 'drizzle-orm/pg-core';
import { organizations } from './auth.ts';
import { createdAt, id, tenantPolicy, updatedAt } from './common.ts';

/** The org's receptionists; each one mirrors an assistant at Vapi (vapi_assistant_id). */
export const assistants = pgTable(
  'assistants',
  {
    id: id(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    firstMessage: text('first_message').notNull(),
    systemPrompt: text('system_prompt').notNull(),
    voice: jsonb('voice').$type<{ provider: string; voiceId: string }>().notNull(),
    language: text('language', { enum: ['en', 'fr', 'he'] }).notNull(),
    tone: text('tone', { enum: ['professional', 'warm', 'dynamic'] }).notNull(),
    industry: text('industry', {
      enum: ['health', 'beauty', 'legal', 'consulting', 'retail', 'real-estate', 'other'],
    }).notNull(),
    vapiAssistantId: text('vapi_assistant_id'),
    syncIssue: jsonb('sync_issue').$type<{ reason: string; message: string }>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('assistants_org_idx').on(t.orgId), tenantPolicy('assistants')],
);
