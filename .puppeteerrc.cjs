// Puppeteer's install step downloads a browser only where @sparticuz/chromium has none to offer. On Linux x64 the
// Chromium shipped inside that npm package serves (src/common/chrome.ts), so `npm ci` needs no download server;
// on macOS and Windows Puppeteer fetches its own Chrome for Testing, as it always does.
/** @type {import('puppeteer').Configuration} */
module.exports = { skipDownload: process.platform === 'linux' && process.arch === 'x64' };
