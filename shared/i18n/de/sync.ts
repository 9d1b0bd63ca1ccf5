import type { Catalogue } from '../catalogue.ts';
import type en from '../en/sync.ts';

const sync: Catalogue<typeof en> = {
};
export default sync;
