import type { Catalogue } from '../catalogue.ts';
import type en from '../en/common.ts';

const common: Catalogue<typeof en> = {
  appName: 'Activation Kiosk',
  bytes: {
    bytes: '{{count}} Byte',
    kib: '{{value}} KiB',
    mib: '{{value}} MiB',
  },
  device: 'Gerät {{id}}',
};
export default common;
