import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

/**
 * Debian's packages, the last resort. The headless shell's binary comes before /usr/bin's wrapper script, which
 * does not `exec` it: killing the wrapper would orphan the browser.
 */
const SYSTEM_BROWSERS = [
  '/usr/lib/chromium/chromium-headless-shell',
  '/usr/bin/chromium-headless-shell',
  '/usr/bin/chromium',
  '/usr/bin/google-chrome',
];

export class BrowserNotFoundError extends Error {
  constructor(tried: string[]) {
    super(
      `No Chromium found (tried ${tried.join('; ')}). Run "npm ci" again (it installs one), ` +
        'or set CHROME_PATH to a Chrome/Chromium binary.',
    );
  }
}

export interface FoundBrowser {
  executablePath: string;
  /** Where it came from, for the start-up log: CHROME_PATH, @sparticuz/chromium x.y.z, puppeteer, system. */
  source: string;
}

const found = new Map<string, Promise<FoundBrowser>>();

/**
 * The browser to drive, looked up once per process: CHROME_PATH when set; on Linux x64 the Chromium shipped inside
 * the `@sparticuz/chromium` npm package (unpacked on first use); elsewhere the Chrome that `puppeteer` downloads at
 * install; the system's Chromium last.
 */
export async function findChrome(chromePath: string | undefined): Promise<FoundBrowser> {
  const key = chromePath ?? '';
  const known = await found.get(key)?.catch(() => undefined);
  // A cleaner of the temp directory may have removed the unpacked browser since: then it is unpacked again.
  if (known && fs.existsSync(known.executablePath)) return known;
  const result = locate(chromePath);
  found.set(key, result);
  // A failure is not remembered: a browser installed later is found by the next render.
  result.catch(() => found.delete(key));
  return result;
}

async function locate(chromePath: string | undefined): Promise<FoundBrowser> {
  const tried: string[] = [];
  if (chromePath) {
    if (fs.existsSync(chromePath)) return { executablePath: chromePath, source: 'CHROME_PATH' };
    tried.push(`CHROME_PATH ${chromePath} (missing)`);
  }
  if (process.platform === 'linux' && process.arch === 'x64') {
    try {
      return await bundledChromium();
    } catch (error) {
      tried.push(`@sparticuz/chromium (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const downloaded: string = require('puppeteer').executablePath();
    if (downloaded && fs.existsSync(downloaded)) return { executablePath: downloaded, source: 'puppeteer' };
    tried.push(`puppeteer's download ${downloaded} (missing)`);
  } catch (error) {
    tried.push(`puppeteer's download (${error instanceof Error ? error.message : String(error)})`);
  }
  for (const candidate of SYSTEM_BROWSERS) {
    if (fs.existsSync(candidate)) return { executablePath: candidate, source: 'system' };
  }
  tried.push(SYSTEM_BROWSERS.join(', '));
  throw new BrowserNotFoundError(tried);
}

/**
 * Unpacks the package's brotli archives once per user and version into a private folder of the temp directory
 * (never into the checkout), staged under a unique name and renamed into place, so processes starting together
 * never run a half-written binary. Beside Chromium: the NSS, NSPR and expat libraries it links (a slim Debian
 * image lacks them), a few fonts, and `chrome`, a wrapper that points Chromium at both and `exec`s it.
 */
async function bundledChromium(): Promise<FoundBrowser> {
  const packageDir = path.dirname(path.dirname(require.resolve('@sparticuz/chromium')));
  const version: string = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')).version;
  const source = `@sparticuz/chromium ${version}`;
  const uid = process.getuid?.() ?? 0;
  const target = path.join(os.tmpdir(), `om-chromium-${version}-${uid}`);
  const executablePath = path.join(target, 'chrome');
  removeAbandonedStaging(target);
  if (isOurs(target, uid)) {
    if (fs.existsSync(executablePath)) return { executablePath, source };
    fs.rmSync(target, { recursive: true, force: true }); // not one this code made
  } else if (fs.existsSync(target)) {
    throw new Error(`${target} belongs to another user or is writable by others; remove it`);
  }

  const bin = path.join(packageDir, 'bin');
  const staging = await fs.promises.mkdtemp(`${target}.partial-${process.pid}-`);
  try {
    await pipeline(
      fs.createReadStream(path.join(bin, 'chromium.br')),
      zlib.createBrotliDecompress({ chunkSize: 2 ** 21 }),
      fs.createWriteStream(path.join(staging, 'chromium'), { mode: 0o700 }),
    );
    // Required here, once per machine: an API process that never unpacks a browser does not carry tar-fs.
    const { extract } = await import('tar-fs');
    const untar = (archive: string, into: string) =>
      pipeline(fs.createReadStream(path.join(bin, archive)), zlib.createBrotliDecompress(), extract(into));
    await untar('swiftshader.tar.br', staging);
    await untar('al2023.tar.br', staging); // lib/: libnss3, libnspr4, libexpat … built for an older glibc
    await untar('fonts.tar.br', path.join(staging, 'fonts'));
    fs.writeFileSync(path.join(staging, 'fonts.conf'), fontsConf(target));
    const quoted = (file: string) => `'${path.join(target, file).replaceAll("'", `'\\''`)}'`;
    fs.writeFileSync(
      path.join(staging, 'chrome'),
      [
        '#!/bin/sh',
        `LD_LIBRARY_PATH=${quoted('lib')}\${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}`,
        `FONTCONFIG_FILE=${quoted('fonts.conf')}`,
        'export LD_LIBRARY_PATH FONTCONFIG_FILE',
        `exec ${quoted('chromium')} "$@"`,
        '',
      ].join('\n'),
      { mode: 0o700 },
    );
    await fs.promises.rename(staging, target);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    // Another process unpacked the same version first: use its copy.
    if (!(isOurs(target, uid) && fs.existsSync(executablePath))) throw error;
  }
  return { executablePath, source };
}

/** Only a folder this user owns and nobody else can write to is run from: /tmp is shared. */
function isOurs(dir: string, uid: number): boolean {
  try {
    const stat = fs.lstatSync(dir);
    return stat.isDirectory() && stat.uid === uid && (stat.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/**
 * Staging folders of an unpack whose process was killed midway (up to ~200 MB each): those of a process that is
 * gone, or older than ten minutes.
 */
function removeAbandonedStaging(target: string): void {
  const dir = path.dirname(target);
  const prefix = `${path.basename(target)}.partial-`;
  const cutoff = Date.now() - 10 * 60_000;
  for (const entry of fs.readdirSync(dir)) {
    if (!entry.startsWith(prefix)) continue;
    const full = path.join(dir, entry);
    const pid = Number(entry.slice(prefix.length).split('-')[0]);
    try {
      if (!isRunning(pid) || fs.lstatSync(full).mtimeMs < cutoff)
        fs.rmSync(full, { recursive: true, force: true });
    } catch {
      // Gone already, or not ours to remove.
    }
  }
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The system's font configuration when there is one, plus the package's fonts for machines without any. */
function fontsConf(target: string): string {
  return `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>${target}/fonts</dir>
  <cachedir>${target}/fonts-cache</cachedir>
</fontconfig>
`;
}

/**
 * Flags for a headless Chromium on a server: no sandbox (CI runs as root), and none of the background network
 * chatter that a closed network refuses.
 */
export const CHROME_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-extensions',
  '--disable-default-apps',
  '--mute-audio',
];
