// The demo licensing service the kiosk runs for a trial: the words of its own that reach the kiosk.
const demo = {
  noLicence: 'no licence with this key',
  badState: 'the demo licence state at {{path}} is not in the expected form',
};
export default demo;
