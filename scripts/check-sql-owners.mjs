#!/usr/bin/env node
// Each table has one owning context (issue 12, point 2), checked in CI by `npm run lint`.
//
// The owner of a table or view is the library whose migration creates it: a context
// (libs/<context>/src) or the platform (libs/shared/*, libs/platform). A context's SQL — the string
// and template literals of its source, specs excluded — may name:
//   - its own tables and views;
//   - a view another context creates (a view is what its owner publishes for others to read);
//   - a table the platform publishes (PLATFORM_PUBLISHED below: the journal);
//   - another owner's table in REFERENCES (a foreign key on the owner's id, not a read or a write).
// Anything else is reported with its file and line, and the check fails. The platform's own
// libraries are not checked (the composition root grants rights on every table; the unit of work
// writes the journal and the outbox for every context).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const LIBS = join(ROOT, 'libs');

/** Tables of the platform any context may name, and why. */
const PLATFORM_PUBLISHED = new Map([
  ['journal_events', 'the journal: a context reads the history of its own streams (append-only)'],
]);

/**
 * Statements that cross and stay: migrations that installations have already run are history, not
 * rewritten. Each entry is one file and one name; nothing new belongs here.
 */
const HISTORY = [
  {
    file: 'libs/audit/src/infrastructure/1765000000100-journal-tree.ts',
    name: 'journal_events',
    why: "the journal tree's migration also forbids TRUNCATE on the platform's journal (a trigger)",
  },
];

const PLATFORM = 'platform';

function* sources(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'testdata') yield* sources(path);
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')) {
      yield path;
    }
  }
}

/** libs/<context>/src/... → <context>; libs/shared/... and libs/platform/... → the platform. */
function ownerOf(path) {
  const [lib] = relative(LIBS, path).split('/');
  return lib === 'shared' || lib === 'platform' ? PLATFORM : lib;
}

/** The SQL-bearing literals of a file, each with the line it starts on. */
function literals(text) {
  const found = [];
  const pattern = /`(?:[^`\\]|\\.)*`|'(?:[^'\\\n]|\\.)*'/g;
  for (const match of text.matchAll(pattern)) {
    found.push({ text: match[0], line: text.slice(0, match.index).split('\n').length });
  }
  return found;
}

const CREATES = /\bCREATE\s+(?:UNLOGGED\s+)?(TABLE|(?:MATERIALIZED\s+)?VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?([a-z_][a-z0-9_]*)/gi;
const NAMES = /\b(FROM|JOIN|INTO|UPDATE|TABLE|ON|REFERENCES|VIEW)\s+(?:ONLY\s+)?([a-z_][a-z0-9_]*)/gi;

const files = [...sources(LIBS)].map((path) => ({ path, owner: ownerOf(path), text: readFileSync(path, 'utf8') }));

/** name → { owner, kind: 'table' | 'view' } */
const objects = new Map();
for (const file of files) {
  for (const literal of literals(file.text)) {
    for (const [, kind, name] of literal.text.matchAll(CREATES)) {
      const key = name.toLowerCase();
      const previous = objects.get(key);
      if (previous && previous.owner !== file.owner) {
        console.error(`${relative(ROOT, file.path)}: ${key} is created by ${previous.owner} and by ${file.owner}; a table has one owner.`);
        process.exitCode = 1;
      }
      objects.set(key, { owner: file.owner, kind: /VIEW/i.test(kind) ? 'view' : 'table' });
    }
  }
}

const violations = [];
for (const file of files) {
  if (file.owner === PLATFORM) continue;
  for (const literal of literals(file.text)) {
    for (const match of literal.text.matchAll(NAMES)) {
      const keyword = match[1].toUpperCase();
      const name = match[2].toLowerCase();
      const object = objects.get(name);
      if (!object || object.owner === file.owner) continue;
      if (keyword === 'REFERENCES') continue;
      if (object.kind === 'view' && keyword !== 'VIEW' && keyword !== 'TABLE' && keyword !== 'INTO' && keyword !== 'UPDATE') continue;
      if (object.owner === PLATFORM && PLATFORM_PUBLISHED.has(name) && (keyword === 'FROM' || keyword === 'JOIN')) continue;
      if (HISTORY.some((h) => h.file === relative(ROOT, file.path) && h.name === name)) continue;
      const line = literal.line + literal.text.slice(0, match.index).split('\n').length - 1;
      violations.push(`${relative(ROOT, file.path)}:${line}: the ${file.owner} context names ${object.owner}'s ${object.kind} ${name} (${keyword})`);
    }
  }
}

if (violations.length > 0) {
  console.error(violations.join('\n'));
  console.error(
    `\n${violations.length} statement(s) name another context's table. Go through the owner's API (its exported ` +
      `services) or a view its migration creates for others to read; see docs/ARCHITECTURE.md, "Who owns which table".`,
  );
  process.exitCode = 1;
} else if (!process.exitCode) {
  const tables = [...objects.values()].filter((o) => o.kind === 'table').length;
  const views = objects.size - tables;
  console.log(`✔ SQL ownership: ${tables} tables and ${views} views, each named only by its owner (views and REFERENCES aside), ${files.length} files`);
}
