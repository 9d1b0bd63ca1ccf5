import type { Catalogue } from '../catalogue.ts';
import type en from '../en/visits.ts';

const visits: Catalogue<typeof en> = {
};
export default visits;
