import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../common/logger';

export const BUILD_STAMP = 'build-stamp.json';
const SOURCES = ['src', 'migrations'];

/** The newest modification time among the sources the build compiles. */
export function newestSourceMtime(root: string): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  for (const dir of SOURCES) if (fs.existsSync(path.join(root, dir))) walk(path.join(root, dir));
  return newest;
}

/**
 * `npm start` runs what `npm ci` (or `npm run build`) compiled and never compiles itself, so several processes can
 * start from one checkout at once. Sources edited since then are not what runs: say so.
 */
export function warnIfBuildIsStale(logger: Logger): void {
  const dist = path.resolve(__dirname, '../..');
  const stampFile = path.join(dist, BUILD_STAMP);
  if (!fs.existsSync(stampFile)) return; // running from the sources (npm run start:dev)
  try {
    const { sourcesMtimeMs } = JSON.parse(fs.readFileSync(stampFile, 'utf8')) as { sourcesMtimeMs: number };
    if (newestSourceMtime(path.dirname(dist)) > sourcesMtimeMs) {
      logger.warn('the sources changed since the last build: run "npm run build", or "npm run start:dev"');
    }
  } catch {
    // Not a checkout (a deployment of dist/ alone): nothing to compare with.
  }
}
