import type { Catalogue } from '../catalogue.ts';
import type en from '../en/capture.ts';

const capture: Catalogue<typeof en> = {
};
export default capture;
