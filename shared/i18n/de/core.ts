import type { Catalogue } from '../catalogue.ts';
import type en from '../en/core.ts';

const core: Catalogue<typeof en> = {
};
export default core;
