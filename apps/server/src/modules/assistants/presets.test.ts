import { assistantBodySchema, industries, locales, presetSchema, tones } from '@ava/contracts';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { registerErrorHandling } from '../../http/errors.ts';
import { appointmentToolNames } from '../appointments/appointments.tools.ts';
import { presetFor } from './presets.ts';
import { presetsRoutes } from './presets.routes.ts';

const toolNames: readonly string[] = appointmentToolNames;
const matrix = industries.flatMap((industry) =>
  locales.flatMap((language) => tones.map((tone) => ({ industry, language, tone }))),
);
const placeholder = /\{[^}]*\}/;

describe('industry presets', () => {
  it.each(matrix)(
    '$industry / $language / $tone: complete, filled and valid',
    ({ industry, language, tone }) => {
      for (const business of ['Cabinet Lévy', '']) {
        const p = presetFor(industry, language, { business, tone });
        expect(presetSchema.parse(p)).toEqual(p);
        for (const text of [p.name, p.firstMessage, p.systemPrompt]) {
          expect(text.trim().length).toBeGreaterThan(0);
          expect(text).not.toMatch(placeholder);
        }
        if (business) {
          expect(p.firstMessage).toContain(business);
          expect(p.systemPrompt).toContain(business);
        }
        expect(p.voice.provider).toBe('azure');
        expect(p.voice.voiceId).toMatch(
          new RegExp(`^${{ en: 'en-US', fr: 'fr-FR', he: 'he-IL' }[language]}-\\w+Neural$`),
        );
        // Usable as is to create the assistant.
        expect(() =>
          assistantBodySchema.parse({ ...p, voice: p.voice, language, tone, industry }),
        ).not.toThrow();
      }
    },
  );

  it('falls back to a neutral name for the business', () => {
    expect(presetFor('health', 'en').firstMessage).toContain('our practice');
    expect(presetFor('health', 'fr', { business: '   ' }).firstMessage).toContain('notre cabinet');
    expect(presetFor('health', 'he').systemPrompt).toContain('המרפאה שלנו');
    expect(presetFor('retail', 'fr').firstMessage).toContain('notre boutique');
    expect(presetFor('legal', 'he').firstMessage).toContain('המשרד שלנו');
  });

  it('defaults to the warm tone', () => {
    expect(presetFor('beauty', 'en')).toEqual(presetFor('beauty', 'en', { tone: 'warm' }));
  });

  it('health: no medical advice and the emergency number, in every language', () => {
    const expected = {
      en: { rule: 'Never give medical advice', numbers: ['911', 'local emergency number'] },
      fr: {
        rule: 'Ne donnez jamais de conseil médical',
        numbers: ['le 15', '112', 'numéro d’urgence local'],
      },
      he: { rule: 'לעולם אל תתני ייעוץ רפואי', numbers: ['101', 'מספר החירום המקומי'] },
    };
    for (const language of locales) {
      for (const tone of tones) {
        const p = presetFor('health', language, { tone });
        expect(p.rules).toMatchObject({ booking: true, urgencyDetection: true, noMedicalAdvice: true });
        expect(p.systemPrompt).toContain(expected[language].rule);
        for (const n of expected[language].numbers) expect(p.systemPrompt).toContain(n);
      }
    }
  });

  it('legal: no legal advice, in every language; other industries carry neither rule', () => {
    const rule = {
      en: 'Never give legal advice',
      fr: 'Ne donnez jamais de conseil juridique',
      he: 'לעולם אל תתני ייעוץ משפטי',
    };
    const medical = {
      en: 'Never give medical advice',
      fr: 'Ne donnez jamais de conseil médical',
      he: 'לעולם אל תתני ייעוץ רפואי',
    };
    for (const language of locales) {
      const legal = presetFor('legal', language);
      expect(legal.rules.noLegalAdvice).toBe(true);
      expect(legal.systemPrompt).toContain(rule[language]);
      for (const industry of industries) {
        const p = presetFor(industry, language);
        if (industry !== 'legal') expect(p.systemPrompt).not.toContain(rule[language]);
        if (industry !== 'health') expect(p.systemPrompt).not.toContain(medical[language]);
      }
    }
  });

  it('Hebrew texts are written in Hebrew script (tool names aside)', () => {
    for (const industry of industries) {
      for (const tone of tones) {
        const p = presetFor(industry, 'he', { business: 'מרפאת לוי', tone });
        for (const text of [p.name, p.firstMessage, p.systemPrompt]) {
          const rest = toolNames.reduce((t: string, name: string) => t.split(name).join(''), text);
          expect(rest).toMatch(/[\u05D0-\u05EA]/);
          expect(rest).not.toMatch(/[A-Za-z]/);
        }
      }
    }
  });

  it('names the booking tools when booking is on, and none of them when it is off', () => {
    for (const industry of industries) {
      for (const language of locales) {
        const p = presetFor(industry, language);
        for (const name of toolNames) {
          if (p.rules.booking) expect(p.systemPrompt).toContain(name);
          else expect(p.systemPrompt).not.toContain(name);
        }
      }
    }
    expect(presetFor('retail', 'en').rules.booking).toBe(false);
  });

  it('covers the prompt essentials: role, business, facts, brevity, urgencies per industry', () => {
    const en = (industry: (typeof industries)[number]) =>
      presetFor(industry, 'en', { business: 'Acme' }).systemPrompt;
    expect(en('health')).toMatch(/^You are AVA, .* for Acme\./);
    expect(en('other')).toContain('Never invent prices');
    expect(en('other')).toContain('one or two short sentences');
    expect(en('other')).toContain('confirm the caller’s full name');
    expect(en('retail')).toMatch(/Order status.*take a message/i);
    expect(en('real-estate')).toMatch(/which property/);
    expect(en('real-estate')).toMatch(/book the visit/);
    for (const industry of industries) {
      const p = presetFor(industry, 'en');
      expect(p.systemPrompt.includes('Urgent calls')).toBe(p.rules.urgencyDetection);
    }
  });

  it('the tone changes the prompt and the greeting', () => {
    for (const industry of industries) {
      for (const language of locales) {
        const presets = tones.map((tone) => presetFor(industry, language, { tone }));
        expect(new Set(presets.map((p) => p.systemPrompt)).size).toBe(tones.length);
        expect(new Set(presets.map((p) => p.firstMessage)).size).toBe(tones.length);
      }
    }
  });

  it('French texts use French typography', () => {
    const p = presetFor('health', 'fr', { business: 'Cabinet Lévy', tone: 'professional' });
    expect(p.firstMessage).toBe(
      'Bonjour, merci d’avoir appelé Cabinet Lévy. Je suis AVA, l’assistante virtuelle. Souhaitez-vous prendre rendez-vous, ou puis-je vous aider autrement\u202F?',
    );
    expect(p.systemPrompt).toContain('«\u00A0oui\u00A0»');
    expect(p.systemPrompt).not.toMatch(/ [?!;:]/);
  });

  it('takes the business name literally and on one line', () => {
    const p = presetFor('beauty', 'en', { business: '  Salon {x} $& \n Co  ' });
    expect(p.firstMessage).toContain('Salon x $& Co');
    expect(p.systemPrompt).toContain('for Salon x $& Co.');
    expect(p.systemPrompt).not.toMatch(placeholder);
  });
});

describe('GET /api/v1/presets', () => {
  async function app() {
    const a = Fastify();
    a.setValidatorCompiler(validatorCompiler);
    a.setSerializerCompiler(serializerCompiler);
    registerErrorHandling(a);
    presetsRoutes(a);
    await a.ready();
    return a;
  }

  it('answers the preset for the query', async () => {
    const a = await app();
    const res = await a.inject({
      method: 'GET',
      url: `/api/v1/presets?industry=health&language=fr&business=${encodeURIComponent('Cabinet Lévy')}&tone=warm`,
    });
    expect(res.statusCode).toBe(200);
    const body = presetSchema.parse(res.json());
    expect(body).toEqual(presetFor('health', 'fr', { business: 'Cabinet Lévy', tone: 'warm' }));
    expect(body.firstMessage).toContain('Cabinet Lévy');
    await a.close();
  });

  it('defaults the tone and the business', async () => {
    const a = await app();
    const res = await a.inject({ method: 'GET', url: '/api/v1/presets?industry=real-estate&language=he' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(presetFor('real-estate', 'he'));
    await a.close();
  });

  it('refuses an unknown industry, language or tone', async () => {
    const a = await app();
    for (const query of [
      'industry=plumbing&language=fr',
      'industry=health&language=de',
      'industry=health&language=en&tone=grumpy',
      'language=en',
    ]) {
      const res = await a.inject({ method: 'GET', url: `/api/v1/presets?${query}` });
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    await a.close();
  });
});
