import { ExitInfo } from './managed-process';

export const describeExit = ({ name, code, signal }: ExitInfo) =>
  signal ? `${name} was killed by ${signal}` : `${name} exited with code ${code}`;
