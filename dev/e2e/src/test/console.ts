import type { Page } from 'playwright-core';

/** A console error or warning, or an uncaught exception, on a page the browser visited. */
export interface ConsoleProblem {
  kind: string;
  text: string;
  url: string;
}

/** A message that cannot be fixed, and why: kept beside the test that allows it. */
export interface AllowedMessage {
  pattern: RegExp;
  reason: string;
}

/** Records every console error and warning, and every uncaught exception, `page` produces. */
export const watchConsole = (page: Page, problems: ConsoleProblem[]): void => {
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      problems.push({ kind: message.type(), text: message.text(), url: page.url() });
  });
  page.on('pageerror', (err) => problems.push({ kind: 'pageerror', text: err.stack ?? err.message, url: page.url() }));
};

/** The problems no allow-list entry explains. */
export const unexpectedProblems = (problems: ConsoleProblem[], allowed: AllowedMessage[]): ConsoleProblem[] =>
  problems.filter((problem) => !allowed.some(({ pattern }) => pattern.test(problem.text)));
