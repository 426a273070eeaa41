import type { PhoneNumber } from '@ava/contracts';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { Dialog, DialogClose, DialogContent } from '../../../components/ui/dialog';
import { useToast } from '../../../components/ui/toast';
import { formatPhone } from '../../../lib/phone';
import { translateError } from '../../../lib/translate-error';
import { useReleaseNumber } from '../api/release-number';

/** Releasing can't be undone: the dialog names the number. */
export function ReleaseNumberDialog({
  orgId,
  number,
  open,
  onOpenChange,
}: {
  orgId: string;
  number: PhoneNumber;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const release = useReleaseNumber(orgId);
  const shown = formatPhone(number.e164);
  const ltr = <bdi dir="ltr">{shown}</bdi>;
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) release.reset();
        onOpenChange(next);
      }}
    >
      <DialogContent
        title={
          <>
            {t('numbers.releaseTitle')} {ltr}
          </>
        }
        description={t('numbers.releaseBody')}
      >
        {release.error && <Alert tone="error">{translateError(t, release.error)}</Alert>}
        <div className="mt-4 flex justify-end gap-3">
          <DialogClose asChild>
            <Button variant="ghost">{t('app.cancel')}</Button>
          </DialogClose>
          <Button
            variant="danger"
            loading={release.isPending}
            onClick={() =>
              release.mutate(number.id, {
                onSuccess: () => {
                  toast.success({ title: t('numbers.releasedToast', { number: shown }) });
                  onOpenChange(false);
                },
              })
            }
          >
            {t('numbers.releaseConfirm', { number: shown })}
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
