// The names of every contract call and event. Zod-free on purpose: the sandboxed preload imports
// this list to build `window.kiosk` without bundling the schemas.
export const CALL_NAMES = [
  'capture',
  'requestLicenseFile',
  'listRequests',
  'getRequest',
  'syncNow',
  'cancelRequest',
  'retryRequest',
  'setLicenseKey',
  'chooseConnection',
  'deliver',
  'getResponseQr',
  'markDelivered',
  'getConnection',
  'listConnections',
  'saveConnection',
  'removeConnection',
  'setDefaultConnection',
  'testConnection',
  'useDemoConnection',
  'getStatus',
  'setSyncPaused',
  'networkChanged',
  'getStorage',
  'restoreBackup',
  'startFresh',
  'exportAnswers',
  'cancelExport',
  'markManyDelivered',
  'keyRefusals',
  'restoreRequest',
] as const;
export type CallName = (typeof CALL_NAMES)[number];

export const EVENT_NAMES = ['requestsChanged', 'statusChanged', 'syncFinished', 'exportProgress'] as const;
export type EventName = (typeof EVENT_NAMES)[number];

/** IPC channel names: one per call, one for all events. */
export const callChannel = (name: CallName): string => `kiosk:call:${name}`;
export const EVENT_CHANNEL = 'kiosk:event';
