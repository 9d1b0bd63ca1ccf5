import type { Catalogue } from '../catalogue.ts';
import type en from '../en/files.ts';

const files: Catalogue<typeof en> = {
};
export default files;
