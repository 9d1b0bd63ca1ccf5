import type { Catalogue } from '../catalogue.ts';
import type en from '../en/keygen.ts';

const keygen: Catalogue<typeof en> = {
};
export default keygen;
