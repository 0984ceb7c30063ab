import fs from 'fs';
import path from 'path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { browserSessionCookie, launchBrowser } from '../test/browser';
import { signup, uniqueEmail } from '../test/session';
import { E2eStack, startE2eStack } from '../test/stack';
import { artifactsRoot, stepRunner } from '../test/steps';
import { Ticket } from '../test/tickets';

describe('in a real browser', () => {
  let e2e: E2eStack;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  const newPage = async (): Promise<Page> => {
    const context = await browser.newContext({ baseURL: e2e.api.baseUrl, viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (err) => pageErrors.push(err.message));
    return page;
  };

  /** The landing page's HTML as a plain HTTP client (no JavaScript) gets it: proof of server rendering. */
  const serverRendered = async (cookie?: string) => {
    const res = await e2e.api.get('/', cookie);
    expect(res.status).toBe(200);
    return res.text;
  };

  beforeAll(async () => {
    [e2e, browser] = await Promise.all([startE2eStack('prod'), launchBrowser()]);
  }, 600_000);

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    await browser?.close();
    await e2e?.stop();
  }, 60_000);

  it('sign up, sell, list, open, edit, be refused as someone else, sign out, sign back in', async () => {
    let page = await newPage();
    const step = stepRunner('user journey', () => page);
    const email = uniqueEmail('browser');
    const password = 'secret123';
    const title = `Jazz night ${Date.now()}`;
    const editedTitle = `${title} (moved)`;
    let ticketUrl = '';

    await step('sign up', async () => {
      await page.goto('/auth/signup');
      await page.getByLabel('Email Address').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign Up' }).click();
      await page.waitForURL((url) => url.pathname === '/');
      await page.getByRole('link', { name: 'Sign Out' }).waitFor();
      expect(await page.locator('nav').textContent()).toContain(email);
    });

    await step('see the signed-in header on a server-rendered page', async () => {
      await page.reload();
      await page.getByRole('link', { name: 'Sell Tickets' }).waitFor();
      expect(await page.locator('nav').textContent()).toContain(email);
      const cookie = await browserSessionCookie(page.context());
      expect(cookie).toBeDefined();
      const html = await serverRendered(cookie);
      expect(html).toContain(email);
      expect(html).toContain('Sign Out');
      const anonymous = await serverRendered();
      expect(anonymous).not.toContain(email);
      expect(anonymous).toContain('Sign In');
    });

    await step('sell a ticket', async () => {
      await page.getByRole('link', { name: 'Sell Tickets' }).click();
      await page.waitForURL('**/tickets/new');
      await page.getByLabel('Title').fill(title);
      await page.getByLabel('Price').fill('25.5');
      await page.getByRole('button', { name: 'Create Ticket' }).click();
      await page.waitForURL((url) => url.pathname === '/');
    });

    await step('see it on the landing page, also server-rendered', async () => {
      const row = page.getByRole('row').filter({ hasText: title });
      await row.waitFor();
      expect(await row.textContent()).toContain('$25.50');
      expect(await serverRendered()).toContain(title);
    });

    await step('open it', async () => {
      await page.getByRole('link', { name: `View ${title}` }).click();
      await page.waitForURL(/\/tickets\/[0-9a-f]{24}$/);
      ticketUrl = new URL(page.url()).pathname;
      await page.getByRole('heading', { name: title }).waitFor();
      expect(await page.locator('main').textContent()).toContain('$25.50');
    });

    await step('edit it as its owner', async () => {
      await page.getByRole('link', { name: 'Edit' }).click();
      await page.waitForURL(`**${ticketUrl}/edit`);
      await page.getByLabel('Title').fill(editedTitle);
      await page.getByLabel('Price').fill('30');
      await page.getByRole('button', { name: 'Save Changes' }).click();
      await page.waitForURL((url) => url.pathname === ticketUrl);
      await page.getByRole('heading', { name: editedTitle }).waitFor();
      expect(await page.locator('main').textContent()).toContain('$30.00');
      const saved = (await e2e.api.get(`/api${ticketUrl}`)).json as Ticket;
      expect(saved).toMatchObject({ title: editedTitle, price: 30, version: 1 });
    });

    await step('as another user, see the edit refused', async () => {
      const other = await signup(e2e.api);
      const otherPage = await newPage();
      await otherPage.context().addCookies([
        {
          name: 'session',
          value: other.cookie.slice('session='.length),
          url: e2e.api.baseUrl,
          httpOnly: true,
          sameSite: 'Lax',
        },
      ]);
      page = otherPage; // screenshots now come from this user's page
      await otherPage.goto(ticketUrl);
      await otherPage.getByRole('heading', { name: editedTitle }).waitFor();
      expect(await otherPage.getByRole('link', { name: 'Edit' }).count()).toBe(0);

      await otherPage.goto(`${ticketUrl}/edit`);
      await otherPage.getByLabel('Title').fill('Hijacked');
      await otherPage.getByRole('button', { name: 'Save Changes' }).click();
      await otherPage.getByRole('alert').filter({ hasText: 'Not authorized' }).waitFor();
      expect(new URL(otherPage.url()).pathname).toBe(`${ticketUrl}/edit`);
      expect((await e2e.api.get(`/api${ticketUrl}`)).json).toMatchObject({ title: editedTitle, version: 1 });
    });

    page = (await contexts[0].pages())[0];

    await step('sign out', async () => {
      await page.getByRole('link', { name: 'Sign Out' }).click();
      await page.waitForURL((url) => url.pathname === '/');
      await page.getByRole('link', { name: 'Sign In' }).waitFor();
      expect(await page.locator('nav').textContent()).not.toContain(email);
      const html = await serverRendered(await browserSessionCookie(page.context()));
      expect(html).not.toContain(email);
    });

    await step('sign back in', async () => {
      await page.getByRole('link', { name: 'Sign In' }).click();
      await page.waitForURL('**/auth/signin');
      await page.getByLabel('Email Address').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign In' }).click();
      await page.waitForURL((url) => url.pathname === '/');
      await page.getByRole('link', { name: 'Sign Out' }).waitFor();
      expect(await page.locator('nav').textContent()).toContain(email);
      expect(await serverRendered(await browserSessionCookie(page.context()))).toContain(email);
    });

    expect(pageErrors).toEqual([]);
  }, 240_000);

  it.each(['healthz', 'readyz', 'not-a-ticket', '6650f0f0f0f0f0f0f0f0f0f0'])(
    '/tickets/%s shows the 404 page with status 404, and so does its edit page',
    async (id) => {
      const page = await newPage();
      const step = stepRunner(`404 for ${id}`, () => page);
      await step('open it', async () => {
        const response = await page.goto(`/tickets/${id}`);
        expect(response?.status()).toBe(404);
        await page.getByRole('heading', { name: 'Page not found' }).waitFor();
      });
      await step('open its edit page signed in', async () => {
        const user = await signup(e2e.api, uniqueEmail('notfound'));
        await page
          .context()
          .addCookies([{ name: 'session', value: user.cookie.split('=').slice(1).join('='), url: e2e.api.baseUrl }]);
        const response = await page.goto(`/tickets/${id}/edit`);
        expect(response?.status()).toBe(404);
        await page.getByRole('heading', { name: 'Page not found' }).waitFor();
      });
      expect(pageErrors).toEqual([]);
    },
  );

  it('a failing step leaves a screenshot and the page HTML in dev/e2e/artifacts', async () => {
    const page = await newPage();
    await page.setContent('<main><h1>Artifact check</h1></main>');
    const testName = `artifact self-check ${Date.now()}`;
    const step = stepRunner(testName, () => page);
    const dir = path.join(artifactsRoot, testName.replace(/[^a-z0-9]+/gi, '-').toLowerCase());
    try {
      await expect(step('fails on purpose', async () => Promise.reject(new Error('boom')))).rejects.toThrow(
        /Step "fails on purpose" failed .*boom/,
      );
      const files = fs.readdirSync(dir).sort();
      expect(files).toEqual(['01-fails-on-purpose.html', '01-fails-on-purpose.png']);
      expect(fs.readFileSync(path.join(dir, files[0]), 'utf8')).toContain('Artifact check');
      // A PNG, not an empty placeholder.
      expect(fs.readFileSync(path.join(dir, files[1])).subarray(1, 4).toString()).toBe('PNG');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
