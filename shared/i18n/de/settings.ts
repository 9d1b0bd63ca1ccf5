import type { Catalogue } from '../catalogue.ts';
import type en from '../en/settings.ts';

const settings: Catalogue<typeof en> = {
};
export default settings;
