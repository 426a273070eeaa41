import type { Template } from '@ava/contracts';

/** Templates in category order (as the server sends them), one group per category, uncategorised last. */
export function groupByCategory(templates: Template[]): { category: string | null; templates: Template[] }[] {
  const groups = new Map<string | null, Template[]>();
  for (const tpl of templates) groups.set(tpl.category, [...(groups.get(tpl.category) ?? []), tpl]);
  return [...groups].map(([category, list]) => ({ category, templates: list }));
}

export function matchesSearch(tpl: Pick<Template, 'name' | 'body'>, q: string) {
  const needle = q.trim().toLocaleLowerCase();
  return !needle || `${tpl.name}\n${tpl.body}`.toLocaleLowerCase().includes(needle);
}
