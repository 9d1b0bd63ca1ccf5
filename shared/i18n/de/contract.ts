import type { Catalogue } from '../catalogue.ts';
import type en from '../en/contract.ts';

const contract: Catalogue<typeof en> = {
};
export default contract;
