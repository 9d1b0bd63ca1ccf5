import type { Catalogue } from '../catalogue.ts';
import type en from '../en/cryptlex.ts';

const cryptlex: Catalogue<typeof en> = {
};
export default cryptlex;
