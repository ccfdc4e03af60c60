import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

// Debian's Chromium (apt-get install -y chromium). Without it the browser tests are skipped, loudly.
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);

const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/** Whether `testFile`'s browser tests must be skipped; says so on the console when they must. */
export function chromiumMissing(testFile: string): boolean {
  if (!hasChromium) console.warn(`${testFile} skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);
  return !hasChromium;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
}
