import { estimateSms, type Template } from '@ava/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Badge } from '../../../components/ui/badge';
import { Button } from '../../../components/ui/button';
import { Card } from '../../../components/ui/card';
import { Dialog, DialogClose, DialogContent } from '../../../components/ui/dialog';
import { EmptyState } from '../../../components/ui/empty-state';
import { Icon } from '../../../components/ui/icons';
import { Input } from '../../../components/ui/input';
import { PageHeader } from '../../../components/ui/page-header';
import { Spinner } from '../../../components/ui/spinner';
import { useToast } from '../../../components/ui/toast';
import { cn } from '../../../lib/cn';
import { translateError } from '../../../lib/translate-error';
import { useDeleteTemplate } from '../api/delete-template';
import { useDuplicateTemplate } from '../api/duplicate-template';
import { useTemplateCategories } from '../api/get-template-categories';
import { useTemplates } from '../api/list-templates';
import { groupByCategory, matchesSearch } from './grouping';
import { TemplateEditor, VariableToken } from './template-editor';

const ALL = '__all__';
const NONE = '__none__';

function TemplateCard({
  template,
  canManage,
  onOpen,
  onDuplicate,
  onDelete,
  duplicating,
}: {
  template: Template;
  canManage: boolean;
  onOpen: () => void;
  onDuplicate: () => void;
  onDelete: () => void;
  duplicating: boolean;
}) {
  const { t } = useTranslation();
  const estimate = estimateSms(template.body);
  return (
    <Card className="flex min-w-0 flex-col" data-testid="template-card">
      <button type="button" onClick={onOpen} className="flex-1 rounded-t-xl p-4 text-start hover:bg-zinc-50">
        <div className="flex flex-wrap items-center gap-2">
          <span className="min-w-0 flex-1 truncate text-sm font-semibold text-zinc-900">{template.name}</span>
          <Badge tone={template.kind === 'dynamic' ? 'indigo' : 'neutral'}>
            {t(`templates.kind.${template.kind}`)}
          </Badge>
        </div>
        <p dir="auto" className="mt-2 line-clamp-3 text-sm break-words whitespace-pre-wrap text-zinc-600">
          {template.body}
        </p>
        {template.unknownVariables.length > 0 && (
          <p className="mt-2 flex flex-wrap items-center gap-1 text-xs text-amber-800">
            <Icon name="alert" className="size-3.5 text-amber-500" />
            {t('templates.unknownShort')}{' '}
            {template.unknownVariables.map((v) => (
              <VariableToken key={v} name={v} />
            ))}
          </p>
        )}
      </button>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-t border-zinc-100 px-4 py-2">
        <span className="min-w-0 flex-1 text-xs text-zinc-500">
          {t('templates.usage', { uses: template.usageCount })} ·{' '}
          {t('templates.segmentsShort', { segments: estimate.segments, encoding: estimate.encoding })}
        </span>
        {canManage && (
          <div className="-me-2 flex items-center">
            <Button
              variant="ghost"
              size="icon"
              aria-label={t('templates.editNamed', { name: template.name })}
              title={t('templates.edit')}
              onClick={onOpen}
            >
              <Icon name="pencil" className="size-4" />
            </Button>
            <Button
              variant="ghost"
              size="icon"
              aria-label={t('templates.duplicateNamed', { name: template.name })}
              title={t('templates.duplicate')}
              loading={duplicating}
              onClick={onDuplicate}
            >
              {!duplicating && <Icon name="file" className="size-4" />}
            </Button>
            <Button
              variant="ghost"
              size="icon"
              aria-label={t('templates.deleteNamed', { name: template.name })}
              title={t('templates.delete')}
              onClick={onDelete}
            >
              <Icon name="trash" className="size-4 text-red-600" />
            </Button>
          </div>
        )}
      </div>
    </Card>
  );
}

function DeleteDialog({
  orgId,
  template,
  onClose,
}: {
  orgId: string;
  template: Template;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const remove = useDeleteTemplate(orgId);
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent
        title={t('templates.deleteTitle', { name: template.name })}
        description={t('templates.deleteBody')}
      >
        {remove.error && <Alert tone="error">{translateError(t, remove.error)}</Alert>}
        <div className="mt-2 flex flex-wrap justify-end gap-3">
          <DialogClose asChild>
            <Button variant="ghost">{t('app.cancel')}</Button>
          </DialogClose>
          <Button
            variant="danger"
            loading={remove.isPending}
            onClick={() =>
              remove.mutate(template.id, {
                onSuccess: () => {
                  toast.success({ title: t('templates.deletedToast', { name: template.name }) });
                  onClose();
                },
              })
            }
          >
            {t('templates.deleteConfirm')}
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}

/** Saved texts with {variables}, grouped by category; managers create, edit, duplicate and delete. */
export function TemplatesPage({ orgId, canManage }: { orgId: string; canManage: boolean }) {
  const { t } = useTranslation();
  const toast = useToast();
  const templates = useTemplates(orgId);
  const categories = useTemplateCategories(orgId);
  const duplicate = useDuplicateTemplate(orgId);
  const [search, setSearch] = useState('');
  const [filter, setFilter] = useState(ALL);
  const [editing, setEditing] = useState<{ template?: Template } | null>(null);
  const [deleting, setDeleting] = useState<Template | null>(null);

  const all = templates.data?.templates ?? [];
  const chips = [
    { value: ALL, label: t('templates.filterAll'), count: all.length },
    ...(categories.data?.categories ?? []).map((c) => ({ value: c.name, label: c.name, count: c.count })),
    ...(categories.data?.uncategorized
      ? [{ value: NONE, label: t('templates.uncategorized'), count: categories.data.uncategorized }]
      : []),
  ];
  // A category whose last template was deleted or moved shows everything again.
  const active = chips.some((c) => c.value === filter) ? filter : ALL;
  const shown = all.filter(
    (tpl) =>
      matchesSearch(tpl, search) &&
      (active === ALL || (active === NONE ? tpl.category === null : tpl.category === active)),
  );

  const onDuplicate = (tpl: Template) =>
    duplicate.mutate(tpl.id, {
      onSuccess: (copy) => {
        toast.success({ title: t('templates.duplicatedToast', { name: copy.name }) });
        // The copy opens at once: renaming it is what people do next.
        setEditing({ template: copy });
      },
      onError: (error) => toast.error({ title: translateError(t, error) }),
    });

  return (
    <div>
      <PageHeader
        title={t('templates.title')}
        description={t('templates.subtitle')}
        action={
          canManage && (
            <Button onClick={() => setEditing({})}>
              <Icon name="file" className="size-4" />
              {t('templates.new')}
            </Button>
          )
        }
      />
      {templates.error && <Alert tone="error">{translateError(t, templates.error)}</Alert>}
      {templates.isPending ? (
        <div className="flex justify-center py-16">
          <Spinner className="size-6" />
        </div>
      ) : all.length === 0 && !templates.error ? (
        <EmptyState
          icon="file"
          title={t('templates.emptyTitle')}
          body={canManage ? t('templates.emptyBody') : t('templates.emptyReadOnly')}
          action={canManage && <Button onClick={() => setEditing({})}>{t('templates.new')}</Button>}
        />
      ) : (
        <div className="space-y-5">
          <div className="space-y-3">
            <Input
              type="search"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              placeholder={t('templates.search')}
              aria-label={t('templates.search')}
              className="sm:max-w-sm"
            />
            <div
              className="-mx-1 flex gap-1.5 overflow-x-auto px-1 pb-1"
              role="group"
              aria-label={t('templates.category')}
            >
              {chips.map((chip) => (
                <button
                  key={chip.value}
                  type="button"
                  aria-pressed={active === chip.value}
                  onClick={() => setFilter(chip.value)}
                  className={cn(
                    'shrink-0 rounded-full px-3 py-1 text-sm ring-1 ring-inset',
                    active === chip.value
                      ? 'bg-indigo-600 text-white ring-indigo-600'
                      : 'bg-white text-zinc-700 ring-zinc-300 hover:bg-zinc-50',
                  )}
                >
                  {chip.label} <span className="opacity-70">{chip.count}</span>
                </button>
              ))}
            </div>
          </div>
          {shown.length === 0 ? (
            <p className="py-10 text-center text-sm text-zinc-500">{t('templates.noMatch')}</p>
          ) : (
            groupByCategory(shown).map((group) => (
              <section
                key={group.category ?? NONE}
                aria-label={group.category ?? t('templates.uncategorized')}
              >
                <h2 className="mb-2 text-xs font-semibold tracking-wide text-zinc-500 uppercase">
                  {group.category ?? t('templates.uncategorized')}
                </h2>
                <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
                  {group.templates.map((tpl) => (
                    <TemplateCard
                      key={tpl.id}
                      template={tpl}
                      canManage={canManage}
                      onOpen={() => setEditing({ template: tpl })}
                      onDuplicate={() => onDuplicate(tpl)}
                      onDelete={() => setDeleting(tpl)}
                      duplicating={duplicate.isPending && duplicate.variables === tpl.id}
                    />
                  ))}
                </div>
              </section>
            ))
          )}
        </div>
      )}
      {editing && (
        <TemplateEditor
          key={editing.template?.id ?? 'new'}
          orgId={orgId}
          {...(editing.template ? { template: editing.template } : {})}
          readOnly={!canManage}
          onClose={() => setEditing(null)}
        />
      )}
      {deleting && <DeleteDialog orgId={orgId} template={deleting} onClose={() => setDeleting(null)} />}
    </div>
  );
}
