import type { Catalogue } from '../catalogue.ts';
import type en from '../en/licenseApi.ts';

const licenseApi: Catalogue<typeof en> = {
};
export default licenseApi;
