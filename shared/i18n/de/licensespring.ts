import type { Catalogue } from '../catalogue.ts';
import type en from '../en/licensespring.ts';

const licensespring: Catalogue<typeof en> = {
};
export default licensespring;
