// Words used on every screen. Each namespace of the catalogue is one file per language.
const common = {
  appName: 'Activation Kiosk',
  bytes: {
    bytes: '{{count}} bytes',
    kib: '{{value}} KiB',
    mib: '{{value}} MiB',
  },
  device: 'Device {{id}}',
};
export default common;
