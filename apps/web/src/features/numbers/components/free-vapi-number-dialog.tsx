import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { Dialog, DialogClose, DialogContent } from '../../../components/ui/dialog';
import { FormField } from '../../../components/ui/form-field';
import { Input } from '../../../components/ui/input';
import { useToast } from '../../../components/ui/toast';
import { formatPhone } from '../../../lib/phone';
import { translateError } from '../../../lib/translate-error';
import { useBuyVapiNumber } from '../api/buy-vapi-number';

/** A free US number from Vapi in one click (Vapi caps them; the error suggests a Twilio number instead). */
export function FreeVapiNumberDialog({
  orgId,
  open,
  onOpenChange,
}: {
  orgId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const buy = useBuyVapiNumber(orgId);
  const [areaCode, setAreaCode] = useState('');
  const [error, setError] = useState<string | undefined>();
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!/^\d{3}$/.test(areaCode)) return setError('validation.areaCode');
    setError(undefined);
    buy.mutate(
      { areaCode },
      {
        onSuccess: (number) => {
          toast.success({ title: t('numbers.freeBoughtToast', { number: formatPhone(number.e164) }) });
          onOpenChange(false);
        },
        onError: (e) => toast.error({ title: t('numbers.free.failed'), description: translateError(t, e) }),
      },
    );
  };
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) buy.reset();
        onOpenChange(next);
      }}
    >
      <DialogContent title={t('numbers.free.title')} description={t('numbers.free.body')}>
        <form onSubmit={submit} noValidate className="space-y-4">
          {buy.error && <Alert tone="error">{translateError(t, buy.error)}</Alert>}
          <FormField
            id="free-area"
            label={t('numbers.search.areaCode')}
            error={error ? { message: error } : undefined}
          >
            {(props) => (
              <Input
                {...props}
                inputMode="numeric"
                dir="ltr"
                maxLength={3}
                placeholder="415"
                value={areaCode}
                onChange={(e) => setAreaCode(e.target.value.trim())}
              />
            )}
          </FormField>
          <div className="flex justify-end gap-3">
            <DialogClose asChild>
              <Button variant="ghost">{t('app.cancel')}</Button>
            </DialogClose>
            <Button type="submit" loading={buy.isPending}>
              {t('numbers.free.submit')}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
