import fs from 'node:fs';
import path from 'node:path';

/** The node flags `npm start` gives the server (package.json's start script), so tests and benchmarks run it so. */
export function startScriptNodeFlags(root = path.resolve(__dirname, '../..')): string[] {
  const { scripts } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  return scripts.start.split(' ').filter((arg) => arg.startsWith('--'));
}
