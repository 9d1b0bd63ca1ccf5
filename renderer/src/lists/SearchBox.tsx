// A list's search box: main searches device names, device ids, file names and request ids.
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon.tsx';
import type { ListStore } from './request-list.ts';

export function SearchBox({ list, label }: { list: ListStore; label: string }) {
  const { t } = useTranslation('lists');
  const search = list((s) => s.filter.search ?? '');
  return (
    <div className="search-box">
      <Icon name="search" size={16} />
      <input
        type="search"
        aria-label={label}
        placeholder={t('searchPlaceholder')}
        value={search}
        maxLength={200}
        onChange={(event) => list.getState().setFilter({ search: event.currentTarget.value })}
      />
    </div>
  );
}
