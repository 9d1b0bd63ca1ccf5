import type { Catalogue } from '../catalogue.ts';
import type en from '../en/audit.ts';

const audit: Catalogue<typeof en> = {
};
export default audit;
