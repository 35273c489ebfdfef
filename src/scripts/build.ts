import fs from 'node:fs';
import path from 'node:path';
import { BUILD_STAMP, newestSourceMtime } from '../runtime/build-stamp';
import { compileServer } from './compile';

/**
 * `npm run build`, also run by `npm ci` (the `prepare` script): compiles the server into dist/, which `npm start`
 * and `npm run worker` run. It compiles into a fresh folder and swaps it in with renames, so a process starting
 * meanwhile finds the old build or the new one, never half of one.
 */
const root = path.resolve(__dirname, '../..');
const started = Date.now();
const dist = path.join(root, 'dist');
const sourcesMtimeMs = newestSourceMtime(root);
const fresh = fs.mkdtempSync(path.join(root, '.dist-new-'));
try {
  fs.chmodSync(fresh, 0o755);
  compileServer(root, fresh);
  fs.writeFileSync(path.join(fresh, BUILD_STAMP), `${JSON.stringify({ sourcesMtimeMs })}\n`);
  const old = `${fresh.replace('.dist-new-', '.dist-old-')}`;
  if (fs.existsSync(dist)) fs.renameSync(dist, old);
  fs.renameSync(fresh, dist);
  fs.rmSync(old, { recursive: true, force: true });
} catch (error) {
  fs.rmSync(fresh, { recursive: true, force: true });
  throw error;
}
process.stdout.write(`compiled to dist/ in ${Date.now() - started} ms\n`);
