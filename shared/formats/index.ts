export * from './errors.ts';
export * from './kiosk-request.ts';
export * from './device-signature.ts';
export * from './foreign.ts';
export * from './licensespring.ts';
export * from './request.ts';
export * from './response.ts';
export * from './receipt.ts';
