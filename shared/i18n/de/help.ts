import type { Catalogue } from '../catalogue.ts';
import type en from '../en/help.ts';

const help: Catalogue<typeof en> = {
};
export default help;
