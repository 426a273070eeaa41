/** The onboarding wizard's steps and the rules for moving through them (pure, unit-tested). */

export const steps = ['welcome', 'number', 'industry', 'customise', 'test'] as const;
export type StepKey = (typeof steps)[number];
export const TOTAL_STEPS = steps.length;

/** Steps that may be skipped, and what is lost by skipping them (an i18n key). */
export const skippable: Partial<Record<StepKey, string>> = {
  number: 'onboarding.skipLoss.number',
  industry: 'onboarding.skipLoss.industry',
  test: 'onboarding.skipLoss.test',
};

export type Progress = { step: number; completed: boolean; skipped: number[] };

export const stepKey = (step: number): StepKey => steps[Math.min(Math.max(step, 1), TOTAL_STEPS) - 1]!;

/** Where the wizard opens: the saved step (clamped), or the first step when nothing was saved. */
export function resumeStep(progress: Progress | undefined): number {
  if (!progress) return 1;
  if (progress.completed) return TOTAL_STEPS;
  return Math.min(Math.max(Math.trunc(progress.step) || 1, 1), TOTAL_STEPS);
}

/** The progress to save once `step` is done (or skipped): move on, remember skips, finish after the last. */
export function advance(progress: Progress, step: number, skip = false): Progress {
  const skipped = skip
    ? [...new Set([...progress.skipped, step])].sort((a, b) => a - b)
    : progress.skipped.filter((s) => s !== step);
  if (step >= TOTAL_STEPS) return { step: TOTAL_STEPS, completed: true, skipped };
  return { step: Math.max(progress.step, step + 1), completed: false, skipped };
}

/** The previous step (never before the first). */
export const back = (step: number) => Math.max(1, step - 1);

/**
 * The country to look for a number in: the organisation's, else the owner's phone number's, else the
 * browser locale's region. US numbers can be Vapi's free ones; anything else goes through Twilio.
 */
export function numberCountry(input: {
  orgCountry?: string | null;
  phoneNumber?: string | null;
  browserLanguage?: string;
}): string {
  if (input.orgCountry && /^[A-Z]{2}$/.test(input.orgCountry)) return input.orgCountry;
  const phone = input.phoneNumber ?? '';
  if (phone.startsWith('+1')) return 'US';
  if (phone.startsWith('+33')) return 'FR';
  if (phone.startsWith('+972')) return 'IL';
  if (phone.startsWith('+44')) return 'GB';
  const region = input.browserLanguage?.split('-')[1]?.toUpperCase();
  if (region && /^[A-Z]{2}$/.test(region)) return region;
  return 'US';
}

/** The voices offered per language (Azure neural voices, as Vapi names them). */
export const voices: Record<'en' | 'fr' | 'he', { voiceId: string; label: string; gender: 'f' | 'm' }[]> = {
  en: [
    { voiceId: 'en-US-JennyNeural', label: 'Jenny', gender: 'f' },
    { voiceId: 'en-US-GuyNeural', label: 'Guy', gender: 'm' },
    { voiceId: 'en-GB-SoniaNeural', label: 'Sonia', gender: 'f' },
  ],
  fr: [
    { voiceId: 'fr-FR-DeniseNeural', label: 'Denise', gender: 'f' },
    { voiceId: 'fr-FR-HenriNeural', label: 'Henri', gender: 'm' },
  ],
  he: [
    { voiceId: 'he-IL-HilaNeural', label: 'Hila', gender: 'f' },
    { voiceId: 'he-IL-AvriNeural', label: 'Avri', gender: 'm' },
  ],
};
