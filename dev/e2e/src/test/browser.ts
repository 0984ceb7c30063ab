import { Browser, BrowserContext, chromium } from 'playwright-core';

/** Debian's chromium (installed by .ci/run); CHROMIUM_PATH overrides. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    // No sandbox (CI runs as root in a container), no GPU, and nothing that phones home mid-test.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-dev-shm-usage',
    ],
  });

/** `session=...` as the browser holds it, for plain HTTP requests on its behalf. */
export const browserSessionCookie = async (context: BrowserContext): Promise<string | undefined> => {
  const cookie = (await context.cookies()).find((c) => c.name === 'session' && c.value !== '');
  return cookie && `session=${cookie.value}`;
};
