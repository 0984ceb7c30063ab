// A hash pool thread (hash-pool.ts): lowers its own priority once, then runs scrypt synchronously, on
// this thread, so the hashing takes the priority with it (async scrypt would run on libuv's pool,
// whose threads are the process's normal ones).
import { scryptSync } from 'crypto';
import { lowerThreadPriority } from './thread-priority';

const lowered = lowerThreadPriority();

export interface HashTask {
  password: string;
  salt: string;
  keyLength: number;
}

export interface HashResult {
  key: Uint8Array;
  /** Whether this thread runs at the lowest priority (false where it could not be lowered). */
  lowered: boolean;
}

export default ({ password, salt, keyLength }: HashTask): HashResult => ({
  key: scryptSync(password, salt, keyLength),
  lowered,
});
