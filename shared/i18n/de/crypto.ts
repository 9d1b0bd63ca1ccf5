import type { Catalogue } from '../catalogue.ts';
import type en from '../en/crypto.ts';

const crypto: Catalogue<typeof en> = {
};
export default crypto;
