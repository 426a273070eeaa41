import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { Dialog, DialogClose, DialogContent } from '../../../components/ui/dialog';
import { useToast } from '../../../components/ui/toast';
import { translateError } from '../../../lib/translate-error';
import type { Provider } from '../api/connect-sandbox-credentials';
import { deleteConsequences, useDeleteCredentials } from '../api/delete-credentials';

const names: Record<Provider, string> = { twilio: 'Twilio', vapi: 'Vapi' };

/** Says what stops working before the credentials are deleted. */
export function DeleteCredentialsDialog({
  orgId,
  provider,
  open,
  onOpenChange,
  onDeleted,
}: {
  orgId: string;
  provider: Provider;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onDeleted?: () => void;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const remove = useDeleteCredentials(orgId);
  const name = names[provider];
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) remove.reset();
        onOpenChange(next);
      }}
    >
      <DialogContent
        title={t('telephony.deleteTitle', { provider: name })}
        description={t('telephony.deleteBody', { provider: name })}
      >
        <ul className="list-disc space-y-1.5 ps-5 text-sm text-zinc-700" data-testid="consequences">
          {deleteConsequences[provider].map((key) => (
            <li key={key}>{t(key)}</li>
          ))}
        </ul>
        {remove.error && (
          <Alert tone="error" className="mt-4">
            {translateError(t, remove.error)}
          </Alert>
        )}
        <div className="mt-6 flex justify-end gap-3">
          <DialogClose asChild>
            <Button variant="ghost">{t('app.cancel')}</Button>
          </DialogClose>
          <Button
            variant="danger"
            loading={remove.isPending}
            onClick={() =>
              remove.mutate(provider, {
                onSuccess: () => {
                  toast.success({ title: t('telephony.deletedToast', { provider: name }) });
                  onDeleted?.();
                  onOpenChange(false);
                },
              })
            }
          >
            {t('telephony.deleteConfirm', { provider: name })}
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
