import {
  standardVariables,
  templateVariables,
  TEMPLATE_NAME_MAX,
  type EnhanceTemplateResult,
  type Role,
  type Template,
  type TemplateCategories,
  type TemplateVariablesInfo,
} from '@ava/contracts';
import { AppError } from '../../http/errors.ts';
import type { OrgContext } from '../../http/session.ts';
import type { LlmPort } from '../../providers/llm/llm.port.ts';
import { ProviderError } from '../../providers/provider-error.ts';
import type { OrgsRepository } from '../orgs/orgs.repository.ts';
import { checkSuggestion, ENHANCE_MAX_TOKENS, enhancePrompt } from './templates.enhance.ts';
import type { NewTemplate, TemplateRow, TemplatesRepository } from './templates.repository.ts';

const MANAGERS: Role[] = ['owner', 'admin'];
const STANDARD = new Set<string>(standardVariables);

export type TemplatesService = ReturnType<typeof templatesService>;

export function templatesService(deps: {
  repo: TemplatesRepository;
  orgs: Pick<OrgsRepository, 'getOrg'>;
  /** read on each use: the model can be absent (no key, sandbox off) */
  llm: () => LlmPort | null;
}) {
  const { repo } = deps;

  const requireManager = (ctx: OrgContext) => {
    if (!MANAGERS.includes(ctx.role)) throw new AppError('FORBIDDEN');
  };

  /** Of the variables these bodies use, the non-standard ones some contact of the org has as a field. */
  async function knownFields(orgId: string, bodies: string[]): Promise<Set<string>> {
    const custom = new Set(bodies.flatMap(templateVariables).filter((v) => !STANDARD.has(v)));
    return new Set(await repo.fieldKeys(orgId, [...custom]));
  }

  function toDto(row: TemplateRow, fields: Set<string>): Template {
    const variables = templateVariables(row.body);
    return {
      id: row.id,
      name: row.name,
      body: row.body,
      category: row.category,
      variables,
      kind: variables.length > 0 ? 'dynamic' : 'static',
      unknownVariables: variables.filter((v) => !STANDARD.has(v) && !fields.has(v)),
      usageCount: row.usageCount,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }

  async function present(orgId: string, row: TemplateRow): Promise<Template> {
    return toDto(row, await knownFields(orgId, [row.body]));
  }

  async function mustGet(orgId: string, id: string): Promise<TemplateRow> {
    const row = await repo.get(orgId, id);
    if (!row) throw new AppError('NOT_FOUND', 'No such template.');
    return row;
  }

  /** "Name (2)", "Name (3)"…: the first free one, cut so the suffix always fits. */
  async function copyName(orgId: string, name: string): Promise<string> {
    const base = name.replace(/\s\(\d+\)$/, '');
    const candidates = Array.from({ length: 50 }, (_, i) => {
      const suffix = ` (${i + 2})`;
      return `${base.slice(0, TEMPLATE_NAME_MAX - suffix.length).trimEnd()}${suffix}`;
    });
    const taken = await repo.namesTaken(orgId, candidates);
    return candidates.find((c) => !taken.has(c)) ?? candidates.at(-1)!;
  }

  return {
    async list(ctx: OrgContext, filter: { category?: string | undefined; q?: string | undefined }) {
      const rows = await repo.list(ctx.orgId, filter);
      const fields = await knownFields(
        ctx.orgId,
        rows.map((r) => r.body),
      );
      return { templates: rows.map((r) => toDto(r, fields)) };
    },

    async get(ctx: OrgContext, id: string) {
      return present(ctx.orgId, await mustGet(ctx.orgId, id));
    },

    async create(ctx: OrgContext, input: NewTemplate) {
      requireManager(ctx);
      return present(ctx.orgId, await repo.insert(ctx.orgId, input));
    },

    async update(ctx: OrgContext, id: string, input: Partial<NewTemplate>) {
      requireManager(ctx);
      const row = await repo.update(ctx.orgId, id, input);
      if (!row) throw new AppError('NOT_FOUND', 'No such template.');
      return present(ctx.orgId, row);
    },

    /** A new template with the same text and category; its usage starts at zero. */
    async duplicate(ctx: OrgContext, id: string, name?: string) {
      requireManager(ctx);
      const source = await mustGet(ctx.orgId, id);
      const row = await repo.insert(ctx.orgId, {
        name: name ?? (await copyName(ctx.orgId, source.name)),
        body: source.body,
        category: source.category,
      });
      return present(ctx.orgId, row);
    },

    async remove(ctx: OrgContext, id: string) {
      requireManager(ctx);
      if (!(await repo.remove(ctx.orgId, id))) throw new AppError('NOT_FOUND', 'No such template.');
    },

    async categories(ctx: OrgContext): Promise<TemplateCategories> {
      const rows = await repo.categories(ctx.orgId);
      return {
        categories: rows.filter((r) => r.name !== null).map((r) => ({ name: r.name!, count: r.count })),
        uncategorized: rows.find((r) => r.name === null)?.count ?? 0,
      };
    },

    async variables(ctx: OrgContext): Promise<TemplateVariablesInfo> {
      const [fields, org] = await Promise.all([repo.fieldKeys(ctx.orgId), deps.orgs.getOrg(ctx.orgId)]);
      return {
        standard: [...standardVariables],
        fields: fields.filter((f) => !STANDARD.has(f)),
        business: org?.name ?? '',
      };
    },

    /** A rewrite through the LLM port, checked before it is shown; nothing is saved. */
    async enhance(
      _ctx: OrgContext,
      input: { body: string; tone?: 'professional' | 'friendly' | 'casual'; locale?: 'en' | 'fr' | 'he' },
    ): Promise<EnhanceTemplateResult> {
      const llm = deps.llm();
      if (!llm)
        throw new ProviderError({
          provider: 'llm',
          code: 'llm.notConfigured',
          retryable: false,
          userMessage:
            'No AI model is configured. Set LLM_API_KEY (or turn sandbox mode on) to use AI enhance.',
        });
      const completion = await llm.complete({
        system: enhancePrompt(input),
        messages: [{ role: 'user', content: input.body }],
        maxTokens: ENHANCE_MAX_TOKENS,
      });
      return checkSuggestion(input.body, completion);
    },
  };
}
