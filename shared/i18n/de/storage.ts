import type { Catalogue } from '../catalogue.ts';
import type en from '../en/storage.ts';

const storage: Catalogue<typeof en> = {
};
export default storage;
