import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** The page may load and call only this origin (and NCALayer on this computer, for ЭЦП); nothing may frame it. */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self' wss://127.0.0.1:13579; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

interface ConsoleFile {
  body: Buffer;
  type: string;
  etag: string;
}

/** `apps/web/public` (the console itself): three levels above this module in the sources, four in `dist/`. */
export function webConsoleRoot(): string {
  for (const candidate of ['../../../apps/web/public/', '../../../../apps/web/public/']) {
    const directory = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(`${directory}index.html`)) return directory;
  }
  throw new Error('The web console (apps/web/public) is missing from this installation.');
}

/**
 * The kernel's modules the console imports as they are (plain ES modules without imports, the same
 * file in the sources and in `dist/`): the glossary of statuses and roles, and the date formatter.
 */
const KERNEL_MODULES = ['glossary.js', 'human-time.js'];

function kernelModule(name: string): string {
  return fileURLToPath(new URL(`../../shared/kernel/src/${name}`, import.meta.url));
}

const consoleFile = (body: Buffer, type: string): ConsoleFile => ({ body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` });

/** Reads the console's files once: a few kilobytes, served from memory. */
export function readConsoleFiles(root = webConsoleRoot()): Map<string, ConsoleFile> {
  const files = new Map<string, ConsoleFile>();
  for (const name of readdirSync(root)) {
    const type = TYPES[extname(name)];
    if (!type) continue;
    files.set(`/${name}`, consoleFile(readFileSync(`${root}${name}`), type));
  }
  for (const name of KERNEL_MODULES) files.set(`/${name}`, consoleFile(readFileSync(kernelModule(name)), TYPES['.js']));
  const index = files.get('/index.html');
  if (index) files.set('/', index);
  return files;
}

/**
 * The browser console at `/` (SPEC "Web console"): static files over the API of the same origin.
 * Only the console's own paths are looked at; every other request goes on untouched.
 */
export function mountWebConsole(app: INestApplication, files = readConsoleFiles()): void {
  app.use((req: Request, res: Response, next: NextFunction) => {
    const file = req.method === 'GET' || req.method === 'HEAD' ? files.get(req.path) : undefined;
    if (!file) return next();
    res.setHeader('Content-Type', file.type);
    res.setHeader('ETag', file.etag);
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    if (req.headers['if-none-match'] === file.etag) return void res.status(304).end();
    res.status(200).end(req.method === 'HEAD' ? undefined : file.body);
  });
}
