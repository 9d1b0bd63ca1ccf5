import type { Catalogue } from '../catalogue.ts';
import type en from '../en/lists.ts';

const lists: Catalogue<typeof en> = {
};
export default lists;
