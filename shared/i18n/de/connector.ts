import type { Catalogue } from '../catalogue.ts';
import type en from '../en/connector.ts';

const connector: Catalogue<typeof en> = {
};
export default connector;
