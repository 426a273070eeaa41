// One chunk per language (the base strings and every feature's), so the first paint fetches only the
// language on screen. Features keep their strings beside their code (features/<name>/i18n/he.json,
// top-level key = the feature), so parallel work on two features never edits the same file.
import base from '../he.json';

const features = import.meta.glob<Record<string, unknown>>('../../features/*/i18n/he.json', {
  eager: true,
  import: 'default',
});

export default Object.assign({}, base, ...Object.values(features)) as Record<string, unknown>;
