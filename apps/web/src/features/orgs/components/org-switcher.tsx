import type { OrgSummary } from '@ava/contracts';
import { useTranslation } from 'react-i18next';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuTrigger,
} from '../../../components/ui/dropdown-menu';
import { Icon } from '../../../components/ui/icons';
import { Spinner } from '../../../components/ui/spinner';
import { useActivateOrg } from '../api/activate-org';

function OrgMark({ name }: { name: string }) {
  return (
    <span className="flex size-7 shrink-0 items-center justify-center rounded-md bg-gradient-to-br from-zinc-700 to-zinc-900 text-xs font-semibold text-white uppercase">
      {name.trim().charAt(0) || '?'}
    </span>
  );
}

export function OrgSwitcher({ orgs, activeOrgId }: { orgs: OrgSummary[]; activeOrgId: string | null }) {
  const { t } = useTranslation();
  const activate = useActivateOrg();
  const active = orgs.find((o) => o.id === activeOrgId) ?? orgs[0];
  if (!active) return null;
  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        aria-label={t('nav.switchOrg')}
        data-testid="org-switcher"
        className="flex w-full items-center gap-2.5 rounded-lg px-2 py-1.5 text-start ring-1 ring-zinc-200 ring-inset hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-indigo-600"
      >
        <OrgMark name={active.name} />
        <span className="min-w-0 flex-1">
          <span className="block truncate text-sm font-medium text-zinc-900">{active.name}</span>
          <span className="block text-xs text-zinc-500">{t(`roles.${active.role}`)}</span>
        </span>
        {activate.isPending ? (
          <Spinner className="size-4 text-zinc-400" />
        ) : (
          <Icon name="chevrons-up-down" className="size-4 text-zinc-400" />
        )}
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-(--radix-dropdown-menu-trigger-width) min-w-56">
        <DropdownMenuLabel>{t('nav.organisations')}</DropdownMenuLabel>
        <DropdownMenuRadioGroup
          value={active.id}
          onValueChange={(id) => id !== active.id && activate.mutate(id)}
        >
          {orgs.map((org) => (
            <DropdownMenuRadioItem key={org.id} value={org.id}>
              <OrgMark name={org.name} />
              <span className="min-w-0 flex-1 truncate">{org.name}</span>
            </DropdownMenuRadioItem>
          ))}
        </DropdownMenuRadioGroup>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
