import { randomBytes } from 'crypto';

/** A name no other test (or parallel test file sharing the broker) uses: `${prefix}-<10 hex digits>`. */
export const uniqueId = (prefix: string): string => `${prefix}-${randomBytes(5).toString('hex')}`;
