/**
 * Reads the variables a service cannot start without, and names every missing one at once
 * so a misconfigured deployment fails with one clear message.
 */
export const requireEnv = <K extends string>(names: readonly K[]): Record<K, string> => {
  const missing = names.filter((name) => !process.env[name]);
  if (missing.length) {
    throw new Error(`Missing required environment variable${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`);
  }
  return Object.fromEntries(names.map((name) => [name, process.env[name] as string])) as Record<K, string>;
};
