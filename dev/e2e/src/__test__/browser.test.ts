import fs from 'fs';
import path from 'path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { browserSessionCookie, launchBrowser } from '../test/browser';
import { AllowedMessage, ConsoleProblem, unexpectedProblems, watchConsole } from '../test/console';
import { signup, uniqueEmail } from '../test/session';
import { E2eStack, startE2eStack } from '../test/stack';
import { artifactsRoot, stepRunner } from '../test/steps';
import { Ticket } from '../test/tickets';

/**
 * Console errors and warnings the suite accepts, each with the reason it cannot be fixed. Anything
 * else any page logs fails the test that visited it.
 */
const allowedMessages: AllowedMessage[] = [
  {
    pattern: /^Failed to load resource: the server responded with a status of 401 \(Unauthorized\)$/,
    reason:
      'The refused edit: Chromium logs every fetch answered 4xx, and the 401 for editing someone ' +
      "else's ticket is the behaviour under test (the page shows it as an alert).",
  },
  {
    pattern: /^Failed to load resource: the server responded with a status of 404 \(Not Found\)$/,
    reason: 'The 404 tests: pages for ids that are not tickets must answer 404, and Chromium logs every 4xx document.',
  },
];

// Through the router against both clients: `next dev` (HMR websocket, on-demand compiles) is how
// people run the app, the production build is what the cluster runs.
describe.each([
  ['next dev', 'dev'],
  ['the production build', 'prod'],
] as const)('in a real browser, through the router, against %s', (_label, client) => {
  let e2e: E2eStack;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let problems: ConsoleProblem[] = [];

  const newPage = async (): Promise<Page> => {
    const context = await browser.newContext({ baseURL: e2e.api.baseUrl, viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(client === 'dev' ? 60_000 : 20_000);
    watchConsole(page, problems);
    return page;
  };

  /** The landing page's HTML as a plain HTTP client (no JavaScript) gets it: proof of server rendering. */
  const serverRendered = async (cookie?: string) => {
    const res = await e2e.api.get('/', cookie);
    expect(res.status).toBe(200);
    return res.text;
  };

  beforeAll(async () => {
    [e2e, browser] = await Promise.all([startE2eStack(client), launchBrowser()]);
  }, 600_000);

  afterEach(() => {
    const unexpected = unexpectedProblems(problems, allowedMessages);
    problems = [];
    expect(unexpected).toEqual([]);
  });

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
    },
  );

  it('goes through sign up, sell, view, edit and sign out again and again, by links and by typed URLs', async () => {
    const exits: string[] = [];
    const onExit = ({ name }: { name: string }) => exits.push(name);
    e2e.stack.on('exit', onExit);
    for (const [index, by] of (['links', 'urls', 'links', 'urls'] as const).entries()) {
      const page = await newPage();
      // Every document the tab loads: links must navigate client-side, within the first one.
      let documents = 0;
      page.on('load', () => (documents += 1));
      const step = stepRunner(`${client} round ${index + 1} by ${by}`, () => page);
      // A link in the page, or the same address typed in: a full load that drops the page's websockets.
      const go = async (link: string, url: string) => {
        if (by === 'links') await page.getByRole('link', { name: link, exact: true }).click();
        else await page.goto(url);
      };
      const email = uniqueEmail(`round${index + 1}`);
      const title = `Round ${index + 1} by ${by} ${Date.now()}`;

      await step('sign up', async () => {
        await page.goto('/');
        await go('Sign Up', '/auth/signup');
        await page.getByLabel('Email Address').fill(email);
        await page.getByLabel('Password').fill('secret123');
        await page.getByRole('button', { name: 'Sign Up' }).click();
        await page.getByRole('link', { name: 'Sign Out' }).waitFor();
      });
      await step('sell', async () => {
        await go('Sell Tickets', '/tickets/new');
        await page.getByLabel('Title').fill(title);
        await page.getByLabel('Price').fill('12');
        await page.getByRole('button', { name: 'Create Ticket' }).click();
        await page.waitForURL((url) => url.pathname === '/');
      });
      let ticketUrl = '';
      await step('view', async () => {
        const link = page.getByRole('link', { name: `View ${title}` });
        ticketUrl = (await link.getAttribute('href')) ?? '';
        expect(ticketUrl).toMatch(/^\/tickets\/[0-9a-f]{24}$/);
        await go(`View ${title}`, ticketUrl);
        await page.getByRole('heading', { name: title }).waitFor();
      });
      await step('edit', async () => {
        await go('Edit', `${ticketUrl}/edit`);
        await page.getByLabel('Title').fill(`${title} (edited)`);
        await page.getByRole('button', { name: 'Save Changes' }).click();
        await page.getByRole('heading', { name: `${title} (edited)` }).waitFor();
      });
      await step('sign out', async () => {
        await go('Sign Out', '/auth/signout');
        await page.getByRole('link', { name: 'Sign In' }).waitFor();
      });
      if (by === 'links') expect(documents).toBe(1);
      await page.context().close();
      // Whatever the closed pages' websockets did, the router and every service still serve.
      expect((await e2e.api.get('/api/users/currentuser')).status).toBe(200);
      expect((await e2e.api.get('/')).status).toBe(200);
    }
    e2e.stack.off('exit', onExit);
    expect(exits).toEqual([]);
  }, 480_000);

  it('sends pages compressed, without an ETag or X-Powered-By; static files revalidate by date', async () => {
    const res = await e2e.api.get('/', undefined, { 'Accept-Encoding': 'gzip' });
    expect(res.status).toBe(200);
    // The ingress does not compress (ingress-nginx's use-gzip is off by default): Next must.
    expect(res.headers['content-encoding']).toBe('gzip');
    // Hashing every rendered page for an ETag cost more than anything else the page did.
    expect(res.headers.etag).toBeUndefined();
    expect(res.headers['x-powered-by']).toBeUndefined();

    const icon = await e2e.api.get('/favicon.svg');
    expect(icon.status).toBe(200);
    expect(icon.headers['last-modified']).toEqual(expect.any(String));
    const again = await e2e.api.get('/favicon.svg', undefined, { 'If-Modified-Since': icon.headers['last-modified']! });
    expect(again.status).toBe(304);
  });

  it('leaves the client server quiet: no warning or error printed while it served these pages', () => {
    // Server-side messages (React's renderer, Next's watcher) never reach the browser console.
    const noisy = e2e.logs.filter(
      ({ name, line }) => name === 'client' && /⚠|\bwarn(ing)?\b|\berror\b|React encountered/i.test(line),
    );
    expect(noisy).toEqual([]);
  });
});

describe('a browser step', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser.close();
  });

  it('a failing step leaves a screenshot and the page HTML in dev/e2e/artifacts', async () => {
    const page = await (await browser.newContext()).newPage();
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
