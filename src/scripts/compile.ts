import fs from 'node:fs';
import path from 'node:path';
import { transformFileSync } from '@swc/core';

/**
 * The server as a deployment runs it: plain JavaScript compiled ahead of time with the project's .swcrc (decorator
 * metadata included), instead of TypeScript compiled at start-up by @swc-node/register, whose compiler alone holds
 * some 65 MiB of the process. Writes `out`/src and `out`/migrations; templates and the .mjs are copied as they are.
 */
export function compileServer(root: string, out: string): void {
  const copy = (relative: string) => {
    const from = path.join(root, relative);
    const to = path.join(out, relative);
    if (fs.statSync(from).isDirectory()) {
      fs.mkdirSync(to, { recursive: true, mode: 0o755 });
      for (const entry of fs.readdirSync(from)) copy(path.join(relative, entry));
    } else if (relative.endsWith('.ts')) {
      const { code } = transformFileSync(from, { cwd: root, swcrc: true, sourceMaps: false });
      fs.writeFileSync(to.replace(/\.ts$/, '.js'), code);
    } else {
      fs.copyFileSync(from, to);
    }
  };
  fs.rmSync(path.join(out, 'src'), { recursive: true, force: true });
  fs.rmSync(path.join(out, 'migrations'), { recursive: true, force: true });
  copy('src');
  copy('migrations');
}
