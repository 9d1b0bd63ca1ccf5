// A catalogue sentence with elements inside it (a <Time>, a bold name): the sentence is translated
// whole with a marker for each element, then split at the markers, so German can put them anywhere.
import { Fragment, type ReactNode } from 'react';

const OPEN = '\uE000';
const CLOSE = '\uE001';

/** The marker to pass as a placeholder's value: `t('key', { at: slot('at') })`. */
export function slot(name: string): string {
  return `${OPEN}${name}${CLOSE}`;
}

/** Renders `text` with each marker replaced by its element. */
export function Slots({ text, slots }: { text: string; slots: Record<string, ReactNode> }) {
  const parts = text.split(new RegExp(`${OPEN}(\\w+)${CLOSE}`));
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>{i % 2 === 1 ? slots[part] : part}</Fragment>
      ))}
    </>
  );
}
