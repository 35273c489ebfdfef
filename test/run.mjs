// `npm test`'s Jest step. Without arguments: every suite but the `*.alone.test.ts` ones on two workers, then those
// alone on one (see jest.config.ts), and one summary line for both. With arguments (a path filter, `-t`, …): one
// Jest run over all suites with those arguments, as `npx jest` would.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const args = process.argv.slice(2);

function jestRun(phase, extraArgs, summaryFile) {
  const env = { ...process.env, TEST_PHASE: phase };
  if (summaryFile) env.TEST_SUMMARY_FILE = summaryFile;
  const { status, signal } = spawnSync(process.execPath, [jest, ...extraArgs], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  return status ?? (signal ? 1 : 0);
}

if (args.length > 0) process.exit(jestRun('all', args));

const summaryDir = fs.mkdtempSync(path.join(os.tmpdir(), 'om-test-summary-'));
const summaryFile = path.join(summaryDir, 'counts.jsonl');
let status = 0;
try {
  for (const phase of ['shared', 'alone']) {
    if (jestRun(phase, [], summaryFile) !== 0) status = 1;
  }
  const totals = { passed: 0, failed: 0, skipped: 0 };
  const lines = fs.existsSync(summaryFile) ? fs.readFileSync(summaryFile, 'utf8').trim().split('\n') : [];
  for (const line of lines.filter(Boolean)) {
    const counts = JSON.parse(line);
    for (const key of Object.keys(totals)) totals[key] += counts[key];
  }
  if (lines.length < 2) status = 1; // a phase that crashed before reporting must not read as a pass
  process.stderr.write(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
} finally {
  fs.rmSync(summaryDir, { recursive: true, force: true });
}
process.exit(status);
