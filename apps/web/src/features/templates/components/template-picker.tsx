import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { Dialog, DialogContent, DialogTrigger } from '../../../components/ui/dialog';
import { Icon } from '../../../components/ui/icons';
import { Input } from '../../../components/ui/input';
import { Spinner } from '../../../components/ui/spinner';
import { translateError } from '../../../lib/translate-error';
import { useTemplates } from '../api/list-templates';
import { groupByCategory, matchesSearch } from './grouping';

export type PickedTemplate = { id: string; name: string; body: string };

/**
 * "Use a template" for the Messages composer and the Bulk page: a button opening a searchable list.
 * The caller fills the variables (per contact) and counts the use when the text is sent.
 */
export function TemplatePicker({
  orgId,
  onPick,
  disabled,
}: {
  orgId: string;
  onPick: (template: PickedTemplate) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  // Fetched only once opened: the composer renders the picker on every thread.
  const templates = useTemplates(orgId, { enabled: open });
  const shown = (templates.data?.templates ?? []).filter((tpl) => matchesSearch(tpl, search));

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setSearch('');
      }}
    >
      <DialogTrigger asChild>
        <Button variant="secondary" size="sm" disabled={disabled}>
          <Icon name="file" className="size-4" />
          {t('templates.picker.button')}
        </Button>
      </DialogTrigger>
      <DialogContent title={t('templates.picker.title')} className="max-w-lg">
        <div className="space-y-3">
          <Input
            type="search"
            autoFocus
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder={t('templates.search')}
            aria-label={t('templates.search')}
          />
          {templates.error && <Alert tone="error">{translateError(t, templates.error)}</Alert>}
          {templates.isPending ? (
            <div className="flex justify-center py-8">
              <Spinner className="size-5" />
            </div>
          ) : shown.length === 0 ? (
            <p className="py-8 text-center text-sm text-zinc-500">
              {templates.data?.templates.length ? t('templates.noMatch') : t('templates.picker.none')}
            </p>
          ) : (
            <div className="max-h-[60dvh] space-y-4 overflow-y-auto">
              {groupByCategory(shown).map((group) => (
                <section key={group.category ?? ''}>
                  <h3 className="mb-1 text-xs font-semibold tracking-wide text-zinc-500 uppercase">
                    {group.category ?? t('templates.uncategorized')}
                  </h3>
                  <ul className="divide-y divide-zinc-100 rounded-lg ring-1 ring-zinc-200">
                    {group.templates.map((tpl) => (
                      <li key={tpl.id}>
                        <button
                          type="button"
                          className="block w-full px-3 py-2.5 text-start hover:bg-zinc-50"
                          onClick={() => {
                            onPick({ id: tpl.id, name: tpl.name, body: tpl.body });
                            setOpen(false);
                            setSearch('');
                          }}
                        >
                          <span className="flex items-center gap-1.5 text-sm font-medium text-zinc-900">
                            <span className="truncate">{tpl.name}</span>
                            {tpl.unknownVariables.length > 0 && (
                              <>
                                <Icon name="alert" className="size-3.5 shrink-0 text-amber-500" />
                                <span className="sr-only">{t('templates.unknownShort')}</span>
                              </>
                            )}
                          </span>
                          <span dir="auto" className="mt-0.5 line-clamp-2 block text-xs text-zinc-500">
                            {tpl.body}
                          </span>
                        </button>
                      </li>
                    ))}
                  </ul>
                </section>
              ))}
            </div>
          )}
        </div>
      </DialogContent>
    </Dialog>
  );
}
