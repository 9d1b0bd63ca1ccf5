// The English catalogue: the source of every key. A new namespace is added here and in ../de/index.ts.
import common from './common.ts';
import appearance from './appearance.ts';
import settings from './settings.ts';
import audit from './audit.ts';
import lists from './lists.ts';
import capture from './capture.ts';
import visits from './visits.ts';
import help from './help.ts';
import storage from './storage.ts';
import keygen from './keygen.ts';
import connector from './connector.ts';
import cryptlex from './cryptlex.ts';
import licensespring from './licensespring.ts';
import licenseApi from './licenseApi.ts';
import core from './core.ts';
import formats from './formats.ts';
import contract from './contract.ts';
import store from './store.ts';
import sync from './sync.ts';
import files from './files.ts';
import host from './host.ts';
import demo from './demo.ts';
import qr from './qr.ts';
import crypto from './crypto.ts';

export const en = { common, appearance, settings, audit, lists, capture, visits, help, storage, keygen, connector, cryptlex, licensespring, licenseApi, core, formats, contract, store, sync, files, host, demo, qr, crypto };
