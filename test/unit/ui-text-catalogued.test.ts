// Finds words the engineer would read that are not in the catalogues (shared/i18n): text between
// JSX tags, the accessible and hint attributes, and any prose string (three words or more) in the
// renderer, main or the shared code. A line that is not read by the engineer (a log line, an
// invariant, a file format's own words) says so with a `ui-text-ok: <why>` comment on it or on the
// line before.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';

const root = path.resolve(import.meta.dirname, '../..');

/** Folders whose words are not the kiosk's UI, and why. */
const NOT_UI: Record<string, string> = {
  'shared/i18n': 'the catalogues themselves',
  'electron/relay': "the company relay: an operator's headless service and CLI, in English like its logs",
  'electron/audit/cli.ts': 'a command-line verifier, in English',
  'electron/build': 'build scripts',
  'renderer/vite.config.ts': 'build configuration',
};

const WORDY_ATTRIBUTES = new Set(['aria-label', 'title', 'placeholder', 'alt', 'aria-description', 'aria-roledescription', 'aria-valuetext', 'label']);
const TRANSLATING_CALLS = new Set(['t', 'i18n.t', 'tr']);
const LOGGING_CALLS = /^(console\.\w+|log|logger\.\w+|options\.log|this\.log)$/;
const SQL = /^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|WITH|PRAGMA|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b/;

function files(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (Object.keys(NOT_UI).some((p) => rel === p || rel.startsWith(`${p}/`))) continue;
    if (entry.isDirectory()) out.push(...files(rel));
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

function staticText(node: ts.Node): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => ` ${s.literal.text}`)].join('');
  return null;
}

/** Three words of letters with spaces between: a sentence or a phrase someone reads. */
function isProse(text: string): boolean {
  if (SQL.test(text)) return false;
  const words = text.match(/\p{L}[\p{L}'’-]*/gu) ?? [];
  return words.length >= 3 && /\p{L}+[,;:]?\s+\S/u.test(text);
}

function calleeName(call: ts.CallExpression | ts.NewExpression): string {
  return call.expression.getText();
}

/** A string that is an argument of a translating or logging call, an import, a key, or a type. */
function exempt(node: ts.Node): boolean {
  for (let at: ts.Node = node; at.parent; at = at.parent) {
    const parent = at.parent;
    if (ts.isCallExpression(parent) && parent.arguments.includes(at as ts.Expression)) {
      const name = calleeName(parent);
      if (TRANSLATING_CALLS.has(name) || LOGGING_CALLS.test(name)) return true;
    }
    if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent) || ts.isLiteralTypeNode(parent)) return true;
    if (ts.isPropertyAssignment(parent) && parent.name === at) return true;
    if (ts.isJsxAttribute(parent) && /^(className|data-|id$|key$|href$|rel$|type$|name$|role$|lang$|htmlFor$|aria-keyshortcuts$)/.test(parent.name.getText())) return true;
    if (ts.isFunctionLike(parent)) break;
  }
  return false;
}

function marked(source: ts.SourceFile, node: ts.Node): boolean {
  const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
  const lines = source.text.split('\n');
  return [line, line - 1].some((l) => /ui-text-ok:/.test(lines[l] ?? ''));
}

interface Finding { file: string; line: number; text: string }

function findings(file: string): Finding[] {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: Finding[] = [];
  const add = (node: ts.Node, words: string) => {
    if (marked(source, node)) return;
    found.push({ file, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, text: words.trim().slice(0, 80) });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node) && /\p{L}{2,}/u.test(node.text)) add(node, node.text);
    else if (ts.isJsxAttribute(node) && WORDY_ATTRIBUTES.has(node.name.getText()) && node.initializer) {
      const value = ts.isJsxExpression(node.initializer) && node.initializer.expression ? node.initializer.expression : node.initializer;
      const words = staticText(value);
      if (words !== null && /\p{L}{2,}/u.test(words)) add(node, words);
      else ts.forEachChild(node, visit);
      return;
    } else {
      const words = staticText(node);
      if (words !== null && isProse(words) && !exempt(node)) add(node, words);
      if (words !== null && ts.isTemplateExpression(node)) {
        node.templateSpans.forEach((span) => visit(span.expression));
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

test('every word the engineer reads comes from the catalogues', () => {
  const only = process.env.UI_TEXT_PATHS?.split(',').filter(Boolean);
  const scanned = ['renderer/src', 'electron', 'shared'].flatMap(files).filter((f) => !only || only.some((p) => f.startsWith(p)));
  assert.ok(scanned.length > (only ? 0 : 50), 'the scan reached the sources');
  const all = scanned.flatMap(findings);
  assert.deepEqual(all.map((f) => `${f.file}:${f.line}: ${f.text}`), [], `${all.length} texts outside the catalogues (put them in shared/i18n, or mark a line no engineer reads with "ui-text-ok: why")`);
});

test('the scan finds text outside the catalogues', () => {
  const dir = fs.mkdtempSync(path.join(root, 'renderer/src/.ui-text-'));
  try {
    const rel = path.relative(root, path.join(dir, 'Sample.tsx'));
    fs.writeFileSync(path.join(dir, 'Sample.tsx'), [
      "export const a = () => <p title=\"Plain title\">Hello there</p>;",
      "export const b = () => <p>{t('ok.key')}</p>;",
      "export const c = new Error(`The file ${'x'} could not be read`);",
      "export const d = 'SELECT id FROM requests WHERE state = 1';",
      "export const e = 'Not shown to anyone here'; // ui-text-ok: sample",
      '',
    ].join('\n'));
    assert.deepEqual(findings(rel).map((f) => [f.line, f.text]), [[1, 'Plain title'], [1, 'Hello there'], [3, 'The file   could not be read']]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
