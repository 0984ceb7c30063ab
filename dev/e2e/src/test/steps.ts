import fs from 'fs';
import path from 'path';
import type { Page } from 'playwright-core';

/** dev/e2e/artifacts: git-ignored; CI keeps it for inspection when a browser step fails. */
export const artifactsRoot = path.resolve(__dirname, '..', '..', 'artifacts');

const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);

/**
 * Runs named browser steps for one test. When a step throws, the page's screenshot and HTML are
 * saved to dev/e2e/artifacts/<test>/<nn>-<step>.{png,html} and the error names that folder, so a
 * failed CI run shows what the browser saw at that moment.
 */
export const stepRunner = (testName: string, page: () => Page) => {
  const dir = path.join(artifactsRoot, slug(testName));
  let count = 0;
  return async <T>(name: string, action: () => Promise<T>): Promise<T> => {
    count += 1;
    try {
      return await action();
    } catch (err) {
      const base = path.join(dir, `${String(count).padStart(2, '0')}-${slug(name)}`);
      fs.mkdirSync(dir, { recursive: true });
      const current = page();
      await current.screenshot({ path: `${base}.png`, fullPage: true }).catch(() => undefined);
      const html = await current.content().catch((e: unknown) => `<!-- page content unavailable: ${String(e)} -->`);
      fs.writeFileSync(`${base}.html`, html);
      const error = err instanceof Error ? err : new Error(String(err));
      error.message = `Step "${name}" failed (screenshot and HTML in ${path.relative(process.cwd(), dir)}): ${error.message}`;
      throw error;
    }
  };
};
