import type { Catalogue } from '../catalogue.ts';
import type en from '../en/formats.ts';

const formats: Catalogue<typeof en> = {
};
export default formats;
