import 'reflect-metadata';
import { ConfigurationError, loadConfig, ServiceUnavailableAtStartError } from '@kelisim/config';
import { startServices } from '@kelisim/platform';
import { createApi } from '../bootstrap.js';
import { DemoClock } from './demo-clock.js';
import { DemoRefusedError, type DemoSummary, loadDemo } from './demo-loader.js';

/**
 * `npm run demo`: starts the normal platform (API and worker, KELISIM_ROLE=all, without listening) on
 * the configured services — the embedded PostgreSQL when DATABASE_URL is unset, found running or
 * started for the demo — loads the Maktaaral story into the empty database, closes it and prints what it made.
 */
async function main(): Promise<number> {
  const services = await startServices(loadConfig({ ...process.env, KELISIM_ROLE: 'all', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' }));
  const { config } = services;
  let summary: DemoSummary;
  try {
    const app = await createApi(config, new DemoClock());
    try {
      summary = await loadDemo(app, { admin: { email: config.adminEmail, password: config.adminPassword } });
    } finally {
      await app.close();
    }
  } finally {
    await services.stop();
  }
  print(summary);
  return 0;
}

function print(s: DemoSummary): void {
  const c = s.counts;
  const lines = [
    'The Maktaaral demo is loaded.',
    `  ${c.organizations} organizations, ${c.users} users; ${c.memoranda} memorandum, ${c.meetings} meeting with ${c.decisions} decisions, ${c.workingGroups} working groups;`,
    `  ${c.tasks} tasks: ${c.done} done, ${c.overdue} overdue, ${c.dueSoon} due within 7 days; ${c.notifications} notifications; ${c.events} journal events.`,
    `  Memorandum ${s.memorandum.id}: version 1 in force since ${s.memorandum.inForceSince} (the day it was signed in Kelisim; the memorandum itself dates from 2021),`,
    `  version ${s.memorandum.openVersion} (amendments and additions) is ${s.memorandum.openVersionStatus} at the district prosecutor's office.`,
    `  Meeting ${s.meetingId} (three weeks ago, protocol approved); working groups ${s.workingGroupIds.join(', ')}.`,
    '',
    `Demo people (every one signs in with the password ${s.password}):`,
    ...s.people.map((p) => `  ${p.login.padEnd(34)} ${p.fullName} — ${p.position}${p.roles.length ? ` [${p.roles.join(', ')}]` : ''} (${p.locale})`),
  ];
  if (s.createdAdmin) lines.push('', `No user existed: created the admin ${s.createdAdmin.email} with the password ${s.createdAdmin.password}`);
  console.log(lines.join('\n'));
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof DemoRefusedError || error instanceof ConfigurationError || error instanceof ServiceUnavailableAtStartError) {
      console.error(`Kelisim demo: ${(error as Error).message}`);
    } else {
      console.error('Kelisim demo failed:', error);
    }
    process.exit(1);
  },
);
