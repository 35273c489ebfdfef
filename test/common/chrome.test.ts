import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findChrome } from '../../src/common/chrome';

// The browser comes from npm: on Linux x64 the Chromium inside @sparticuz/chromium, unpacked once per user and
// version into the temp directory (never the checkout). CHROME_PATH still wins.

const linuxX64 = process.platform === 'linux' && process.arch === 'x64';
const version: string = JSON.parse(
  fs.readFileSync(path.join(path.dirname(require.resolve('@sparticuz/chromium')), '../package.json'), 'utf8'),
).version;
const target = path.join(os.tmpdir(), `om-chromium-${version}-${process.getuid?.() ?? 0}`);

(linuxX64 ? it : it.skip)(
  'finds the bundled Chromium, and removes staging folders of unpacks whose process is gone',
  async () => {
    // pid 999999999 is above Linux's largest: the process that made this folder cannot be running.
    const abandoned = fs.mkdtempSync(`${target}.partial-999999999-`);
    const live = fs.mkdtempSync(`${target}.partial-${process.pid}-`);
    try {
      const browser = await findChrome(undefined);
      expect(browser.source).toBe(`@sparticuz/chromium ${version}`);
      expect(browser.executablePath).toBe(path.join(target, 'chrome'));
      expect(fs.statSync(browser.executablePath).mode & 0o100).toBeTruthy();
      // A folder nobody else may write to, and not inside the project.
      expect(fs.statSync(target).mode & 0o022).toBe(0);
      expect(browser.executablePath.startsWith(path.resolve(__dirname, '../..'))).toBe(false);
      expect(fs.existsSync(abandoned)).toBe(false);
      expect(fs.existsSync(live)).toBe(true); // an unpack in progress elsewhere is left alone
    } finally {
      fs.rmSync(abandoned, { recursive: true, force: true });
      fs.rmSync(live, { recursive: true, force: true });
    }
  },
);

it('takes CHROME_PATH when it exists', async () => {
  await expect(findChrome(process.execPath)).resolves.toEqual({
    executablePath: process.execPath,
    source: 'CHROME_PATH',
  });
});
