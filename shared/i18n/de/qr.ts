import type { Catalogue } from '../catalogue.ts';
import type en from '../en/qr.ts';

const qr: Catalogue<typeof en> = {
};
export default qr;
