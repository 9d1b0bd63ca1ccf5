import type { Catalogue } from '../catalogue.ts';
import type en from '../en/demo.ts';

const demo: Catalogue<typeof en> = {
};
export default demo;
