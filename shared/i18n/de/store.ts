import type { Catalogue } from '../catalogue.ts';
import type en from '../en/store.ts';

const store: Catalogue<typeof en> = {
};
export default store;
