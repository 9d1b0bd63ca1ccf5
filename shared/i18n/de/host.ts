import type { Catalogue } from '../catalogue.ts';
import type en from '../en/host.ts';

const host: Catalogue<typeof en> = {
};
export default host;
