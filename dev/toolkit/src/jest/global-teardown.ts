import { TestServers, testServersKey } from './shared';

export default async function globalTeardown(): Promise<void> {
  const servers = (globalThis as Record<string, unknown>)[testServersKey] as TestServers | undefined;
  await Promise.all(servers?.stops.map((stop) => stop()) ?? []);
}
