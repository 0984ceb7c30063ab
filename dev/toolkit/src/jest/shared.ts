export const testServersKey = '__ticketingTestServers';

export interface TestServers {
  stops: (() => Promise<void>)[];
}
