#!/usr/bin/env node
// Makes sure a Chromium for the end-to-end tests exists at CHROMIUM_PATH (default /usr/bin/chromium).
// On Debian/Ubuntu as root it installs Debian's `chromium` package; elsewhere it says what to run.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (existsSync(path)) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
if (process.env.CHROMIUM_PATH) {
  console.error(`CHROMIUM_PATH=${path} does not exist. Point CHROMIUM_PATH at a Chromium or Chrome binary.`);
  process.exit(1);
}
if (isRoot && hasApt) {
  console.error(`No browser at ${path}: installing Debian's chromium (apt-get install -y chromium) ...`);
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', {
    stdio: 'inherit',
  });
  if (existsSync(path)) process.exit(0);
  console.error(`apt-get finished but ${path} is still missing.`);
  process.exit(1);
}
console.error(
  [
    `No Chromium found at ${path}. The end-to-end tests need one. Either:`,
    hasApt ? '  sudo apt-get install -y chromium' : '  install Chromium or Google Chrome with your package manager,',
    '  or set CHROMIUM_PATH=/path/to/chromium (e.g. /Applications/Google Chrome.app/Contents/MacOS/Google Chrome)',
  ].join('\n'),
);
process.exit(1);
