import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileServer as compileInto } from '../src/scripts/compile';

/** The server compiled into a temporary directory (see src/scripts/compile.ts); its src/main.js is the server. */
export function compileServer(root: string): string {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'om-bench-build-'));
  fs.chmodSync(out, 0o755);
  compileInto(root, out);
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(out, 'node_modules'), 'dir');
  return out;
}
