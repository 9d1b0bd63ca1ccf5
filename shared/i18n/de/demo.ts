import type { Catalogue } from '../catalogue.ts';
import type en from '../en/demo.ts';

const demo: Catalogue<typeof en> = {
  noLicence: 'keine Lizenz mit diesem Schlüssel',
  badState: 'der Lizenzstand der Demo in {{path}} hat nicht die erwartete Form',
};
export default demo;
