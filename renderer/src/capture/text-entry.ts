// Whether keys and pastes belong to a field the engineer is typing in (then the Capture screen's
// scanner and paste handling stay out of the way). A list (<select>) is no text field: it keeps the
// focus after a choice (the camera list), and a scan typed "into" it would be lost.
const NON_TEXT_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'range', 'color', 'image']);

export function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement) return true;
  return target instanceof HTMLInputElement && !NON_TEXT_INPUTS.has(target.type);
}
