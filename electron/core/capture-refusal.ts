// A text that is no request the kiosk reads gets one short sentence; what the parser tried (the
// forms and their fields, a paragraph) is the detail, shown only when the engineer asks for it.
import { tried as formsTried } from '../../shared/formats/request.ts';

export interface Refusal {
  message: string;
  detail?: string;
}

const SHORT = 160;

/** The capture result's words for a parser problem (shared/formats/request.ts). */
export function refusalOf(problem: string): Refusal {
  const tried = `The kiosk ${formsTried()}.`;
  if (problem.startsWith('not JSON, nor any other request form')) return { message: 'Not JSON, nor any other request form the kiosk reads.', detail: tried };
  const fits = /^ambiguous: the input fits (.*?); refusing to guess/.exec(problem);
  if (fits) return { message: `It fits more than one request form (${fits[1]}); the kiosk does not guess which.`, detail: tried };
  const named = /^unknown form "(.*?)": tried /.exec(problem);
  if (named) return { message: `Unknown request format "${named[1]}": not one the kiosk reads.`, detail: tried };
  if (problem.startsWith('unknown form: expected a JSON object')) return { message: 'JSON, but not an object: no request form the kiosk reads.', detail: tried };
  if (problem.startsWith('unknown form: ')) return { message: 'JSON, but none of the request forms the kiosk reads.', detail: tried };
  const json = /^not JSON \((.*)\)$/s.exec(problem);
  if (json) return { message: 'Not JSON: it starts like JSON but cannot be read (cut short or damaged?).', detail: sentence(json[1]!) };
  return brief(sentence(problem));
}

/** A long text as its first sentence, the rest as the detail; a short one as it is. */
export function brief(text: string): Refusal {
  if (text.length <= SHORT) return { message: text };
  const end = text.search(/[.!?] (?=[A-Z"])/);
  if (end < 0 || end + 1 > SHORT) return { message: text };
  return { message: text.slice(0, end + 1), detail: text.slice(end + 2) };
}

function sentence(problem: string): string {
  const text = `${problem.charAt(0).toUpperCase()}${problem.slice(1)}`;
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
