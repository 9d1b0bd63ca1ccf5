export * from './bytewords.ts';
export * from './crc32.ts';
export * from './errors.ts';
export * from './fountain.ts';
export * from './ur.ts';
export * from './xoshiro.ts';
export * from './qr-image.ts';
