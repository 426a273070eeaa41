import { useCallback, useState } from 'react';
import { normalisePhone } from '../../../lib/phone';

export const DEFAULT_HANDSET = '+33612345678';
const HANDSET_KEY = 'ava.sandbox.handset';
const TO_KEY = 'ava.sandbox.to';

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string) {
  try {
    if (value) localStorage.setItem(key, value);
    else localStorage.removeItem(key);
  } catch {
    // private mode: the choice just isn't remembered
  }
}

/**
 * The simulated handset's own number and the AVA number it talks to, as typed and as E.164
 * (null while not a valid number). Both are remembered in this browser.
 */
export function useHandsetSettings() {
  const [handsetInput, setHandsetInput] = useState(() => read(HANDSET_KEY) ?? DEFAULT_HANDSET);
  const [toInput, setToInput] = useState(() => read(TO_KEY) ?? '');
  const handset = normalisePhone(handsetInput);
  const to = toInput.trim() ? normalisePhone(toInput) : null;

  const changeHandset = useCallback((value: string) => {
    setHandsetInput(value);
    const e164 = normalisePhone(value);
    if (e164) write(HANDSET_KEY, e164);
  }, []);
  const changeTo = useCallback((value: string) => {
    setToInput(value);
    const e164 = normalisePhone(value);
    if (e164 || !value.trim()) write(TO_KEY, e164 ?? '');
  }, []);

  return { handsetInput, toInput, handset, to, changeHandset, changeTo };
}
