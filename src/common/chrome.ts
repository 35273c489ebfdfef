import fs from 'node:fs';

/**
 * Debian's packages, in order of preference: the headless shell is small and made for this. Its binary comes
 * before /usr/bin's wrapper script, which does not `exec` it: killing the wrapper would orphan the browser.
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
      `No Chromium found (tried ${tried.join(', ')}). Install one with ` +
        '"apt-get install --no-install-recommends chromium-headless-shell", or set CHROME_PATH to a Chrome/Chromium binary.',
    );
  }
}

/**
 * The browser to drive: CHROME_PATH when set, else a browser Puppeteer downloaded itself (if the full `puppeteer`
 * package is installed), else the system's Chromium.
 */
export function findChrome(chromePath: string | undefined): string {
  const tried: string[] = [];
  if (chromePath) {
    if (fs.existsSync(chromePath)) return chromePath;
    tried.push(chromePath);
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const downloaded: string = require('puppeteer').executablePath();
    if (downloaded && fs.existsSync(downloaded)) return downloaded;
    tried.push(downloaded);
  } catch {
    tried.push('puppeteer download (package not installed)');
  }
  for (const candidate of SYSTEM_BROWSERS) {
    if (fs.existsSync(candidate)) return candidate;
    tried.push(candidate);
  }
  throw new BrowserNotFoundError(tried);
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
