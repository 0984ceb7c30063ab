import { renderLogLine } from '../log-lines';

const colors: Record<string, number> = { dev: 1, auth: 36, tickets: 35, client: 32, 'client:build': 32, router: 33 };

/** `[auth] line`, coloured when stdout is a terminal; JSON log lines rendered for people. */
export const prefixedOutput = (name: string, line: string) => {
  const label = process.stdout.isTTY ? `\x1b[${colors[name] ?? 0}m[${name}]\x1b[0m` : `[${name}]`;
  const rendered = renderLogLine(line);
  if (rendered !== undefined) process.stdout.write(`${label} ${rendered}\n`);
};
