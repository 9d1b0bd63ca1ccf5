// A text that is no request the kiosk reads gets one short sentence; what the parser tried (the
// forms and their fields, a paragraph) is the detail, shown only when the engineer asks for it.
import { TRIED } from '../../shared/formats/request.ts';
import { t } from '../../shared/i18n/index.ts';

export interface Refusal {
  message: string;
  detail?: string;
}

const SHORT = 160;

/** The capture result's words for a parser problem (shared/formats/request.ts). */
export function refusalOf(problem: string): Refusal {
  const tried = t('core:refusal.tried', { tried: TRIED });
  // The parser's own problems (shared/formats/request.ts) are matched here, in its words. ui-text-ok: the parser's text, matched
  if (problem.startsWith('not JSON, nor any other request form')) return { message: t('core:refusal.notJson'), detail: tried };
  const fits = /^ambiguous: the input fits (.*?); refusing to guess/.exec(problem);
  if (fits) return { message: t('core:refusal.ambiguous', { forms: fits[1] }), detail: tried };
  const named = /^unknown form "(.*?)": tried /.exec(problem);
  if (named) return { message: t('core:refusal.unknownNamed', { form: named[1] }), detail: tried };
  // ui-text-ok: the parser's text, matched
  if (problem.startsWith('unknown form: expected a JSON object')) return { message: t('core:refusal.notObject'), detail: tried };
  if (problem.startsWith('unknown form: ')) return { message: t('core:refusal.noForm'), detail: tried };
  const json = /^not JSON \((.*)\)$/s.exec(problem);
  if (json) return { message: t('core:refusal.brokenJson'), detail: sentence(json[1]!) };
  return brief(sentence(problem));
}

/** A long text as its first sentence, the rest as the detail; a short one as it is. */
export function brief(text: string): Refusal {
  if (text.length <= SHORT) return { message: text };
  const end = text.search(/[.!?] (?=[A-ZÄÖÜ"„])/);
  if (end < 0 || end + 1 > SHORT) return { message: text };
  return { message: text.slice(0, end + 1), detail: text.slice(end + 2) };
}

function sentence(problem: string): string {
  const text = `${problem.charAt(0).toUpperCase()}${problem.slice(1)}`;
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
