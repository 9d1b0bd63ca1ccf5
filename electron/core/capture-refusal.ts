// A text that is no request the kiosk reads gets one short sentence; what the parser tried (the
// forms and their fields, a paragraph) is the detail, shown only when the engineer asks for it.
import { triedForms, type DetectRefusal } from '../../shared/formats/request.ts';
import { t } from '../../shared/i18n/index.ts';

export interface Refusal {
  message: string;
  detail?: string;
}

const SHORT = 160;

/** The capture result's words for a parser problem: by the kind of refusal when the parser names it, else its sentence shortened. */
export function refusalOf(problem: string, refusal?: DetectRefusal): Refusal {
  const tried = t('core:refusal.tried', { forms: triedForms() });
  switch (refusal?.kind) {
    case 'no_form':
      return { message: t('core:refusal.notJson'), detail: tried };
    case 'ambiguous':
      return { message: t('core:refusal.ambiguous', { forms: refusal.fits }), detail: tried };
    case 'unknown_format':
      return { message: t('core:refusal.unknownNamed', { form: refusal.name }), detail: tried };
    case 'not_object':
      return { message: t('core:refusal.notObject'), detail: tried };
    case 'unknown_form':
      return { message: t('core:refusal.noForm'), detail: tried };
    case 'not_json':
      return { message: t('core:refusal.brokenJson'), detail: sentence(refusal.why) };
    default:
      return brief(sentence(problem));
  }
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
