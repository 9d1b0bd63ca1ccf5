// Resolves a URL path to a file of the built renderer, refusing anything outside its folder.
import fs from 'node:fs';
import path from 'node:path';

const MEDIA_TYPES: Record<string, string> = {
  // ui-text-ok: media types
  '.html': 'text/html; charset=utf-8',
  // ui-text-ok: media types
  '.js': 'text/javascript; charset=utf-8',
  // ui-text-ok: media types
  '.mjs': 'text/javascript; charset=utf-8',
  // ui-text-ok: media types
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

export interface StaticFile {
  file: string;
  mediaType: string;
}

export function resolveStatic(rootDir: string, urlPath: string): StaticFile | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return null;
  }
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const root = path.resolve(rootDir);
  const file = path.resolve(root, relative);
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return null;
  return { file, mediaType: MEDIA_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream' };
}
