// A virtual, sortable, multi-select list of requests: only the rows in view are in the DOM, the list
// is one Tab stop (arrow keys, Home/End, Page Up/Down move the active row), and main sends only the
// window in view. Selection: click, Shift-click (range), Ctrl/Cmd-click, Space, Shift+arrows, Ctrl+A.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useRef, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestSummary } from '../../../shared/api/contract.ts';
import type { SortKey } from '../../../shared/api/request-list.ts';
import { isSelected, rowAt, type ListStore } from './request-list.ts';
import './lists.css';

/** One line per row at every width (the CSS keeps it so). */
export const ROW_HEIGHT = 38;

export interface GridColumn {
  key: string;
  /** Read at render time, in the current language. */
  label: () => string;
  /** Shown to screen readers only (e.g. an action column). */
  hiddenLabel?: boolean;
  sort?: SortKey;
  /** Direction of the first click on the header: newest or largest first for times and counts. */
  firstDir?: 'asc' | 'desc';
  className: string;
  cell(row: RequestSummary): ReactNode;
}

interface GridProps {
  list: ListStore;
  label: string;
  columns: GridColumn[];
  /** Enter on the active row, and (with openOnClick) a plain click on a row. */
  onOpen?(row: RequestSummary, element: HTMLElement): void;
  openOnClick?: boolean;
  /** Extra classes for a row. */
  rowClass?(row: RequestSummary): string;
  className: string;
}

export function RequestGrid({ list, label, columns, onOpen, openOnClick = true, rowClass, className }: GridProps) {
  const { t } = useTranslation('lists');
  const total = list((s) => s.total);
  const loaded = list((s) => s.loaded);
  const sort = list((s) => s.sort);
  const active = list((s) => s.active);
  const selection = list((s) => s.selection);
  // Re-render when the window of rows changes.
  list((s) => s.rows);
  const state = list.getState();
  const scroller = useRef<HTMLDivElement>(null);
  const grid = useRef<HTMLTableElement>(null);
  const baseId = useId();
  const rowId = (index: number) => `${baseId}-row-${index}`;

  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  useEffect(() => {
    list.getState().setView(first, last + 1);
  }, [list, first, last]);

  const moveTo = (index: number, extend: boolean) => {
    const target = Math.max(0, Math.min(index, total - 1));
    if (extend) void list.getState().select(target, 'range');
    else list.getState().setActive(target);
    virtualizer.scrollToIndex(target, { align: 'auto' });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTableElement>) => {
    if ((event.target as HTMLElement).closest('thead')) return;
    const page = Math.max(1, items.length - 2);
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveTo(active + 1, event.shiftKey),
      ArrowUp: () => moveTo(active - 1, event.shiftKey),
      PageDown: () => moveTo(active + page, event.shiftKey),
      PageUp: () => moveTo(active - page, event.shiftKey),
      Home: () => moveTo(0, event.shiftKey),
      End: () => moveTo(total - 1, event.shiftKey),
      ' ': () => void list.getState().select(active, 'toggle'),
      Escape: () => list.getState().selectAll(false),
      Enter: () => {
        const row = rowAt(list.getState(), active);
        const element = document.getElementById(rowId(active));
        if (row && element && onOpen) onOpen(row, element);
      },
    };
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'a') {
      event.preventDefault();
      list.getState().selectAll(true);
      return;
    }
    const action = keys[event.key];
    if (!action || total === 0) return;
    event.preventDefault();
    action();
  };

  const onRowClick = (event: MouseEvent<HTMLTableRowElement>, index: number, row: RequestSummary) => {
    if ((event.target as HTMLElement).closest('button')) return;
    grid.current?.focus({ preventScroll: true });
    const onCheck = (event.target as HTMLElement).closest('.cell-check') !== null;
    if (event.shiftKey) void list.getState().select(index, 'range');
    else if (event.ctrlKey || event.metaKey || onCheck) void list.getState().select(index, 'toggle');
    else {
      void list.getState().select(index, 'only');
      if (openOnClick) onOpen?.(row, event.currentTarget);
    }
  };

  const sortBy = (column: GridColumn) => {
    if (!column.sort) return;
    const dir = sort.key === column.sort ? (sort.dir === 'asc' ? 'desc' : 'asc') : (column.firstDir ?? 'asc');
    list.getState().setSort({ key: column.sort, dir });
  };

  // Spacer rows stand for the rows out of view. They (and loading rows) span no columns: a span over
  // columns hidden at narrow widths would keep those columns' room.
  const padTop = items[0]?.start ?? 0;
  const padBottom = items.length ? virtualizer.getTotalSize() - items.at(-1)!.end : 0;

  return (
    <div className={`vlist card ${className}`} ref={scroller}>
      <table
        ref={grid}
        className="table vgrid"
        role="grid"
        aria-label={label}
        aria-multiselectable="true"
        aria-rowcount={total + 1}
        aria-busy={!loaded}
        aria-activedescendant={total > 0 ? rowId(active) : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
      >
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col" className="cell-check">
              <span className="visually-hidden">{t('grid.selected')}</span>
            </th>
            {columns.map((column) => (
              <th
                key={column.key}
                scope="col"
                className={column.className}
                aria-sort={column.sort && sort.key === column.sort ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
              >
                {column.sort ? (
                  <button type="button" className="sort-button" onClick={() => sortBy(column)} data-sort={column.sort}>
                    {column.label()}
                    <span className="sort-arrow" aria-hidden="true">
                      {sort.key === column.sort ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
                    </span>
                  </button>
                ) : (
                  <span className={column.hiddenLabel ? 'visually-hidden' : undefined}>{column.label()}</span>
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {padTop > 0 ? (
            <tr aria-hidden="true" className="vpad">
              <td style={{ height: padTop }} />
            </tr>
          ) : null}
          {items.map((item) => {
            const row = rowAt(state, item.index);
            if (!row) {
              return (
                <tr key={item.key} id={rowId(item.index)} aria-rowindex={item.index + 2} className="vrow is-loading">
                  <td className="cell-check" />
                  <td className="muted">{t('grid.loading')}</td>
                </tr>
              );
            }
            const selected = isSelected(selection, row.id);
            return (
              <tr
                key={row.id}
                id={rowId(item.index)}
                aria-rowindex={item.index + 2}
                aria-selected={selected}
                className={`vrow${selected ? ' is-selected' : ''}${item.index === active ? ' is-active' : ''} ${rowClass?.(row) ?? ''}`}
                data-request-id={row.id}
                data-state={row.state}
                onClick={(event) => onRowClick(event, item.index, row)}
              >
                <td className="cell-check">
                  <input type="checkbox" checked={selected} readOnly tabIndex={-1} aria-hidden="true" />
                </td>
                {columns.map((column) => (
                  <td key={column.key} className={column.className}>
                    {column.cell(row)}
                  </td>
                ))}
              </tr>
            );
          })}
          {padBottom > 0 ? (
            <tr aria-hidden="true" className="vpad">
              <td style={{ height: padBottom }} />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
