import { randomBytes, scrypt, timingSafeEqual } from 'crypto';
import { promisify } from 'util';
import { authLimits } from '../limits';
import { HashSlots } from './hash-slots';

const scryptAsync = promisify(scrypt);

const KEY_LENGTH = 64;

let slots: HashSlots | undefined;

/** Every scrypt of the service goes through one HashSlots, made from the limits on first use. */
const hash = (password: string, salt: string): Promise<Buffer> => {
  const { hashConcurrency, hashQueueLimit } = authLimits();
  slots ??= new HashSlots(hashConcurrency, hashQueueLimit);
  return slots.run(() => scryptAsync(password, salt, KEY_LENGTH) as Promise<Buffer>);
};

/** Salted scrypt hashes stored as `<hash hex>.<salt hex>`. */
export class Password {
  static async toHash(password: string): Promise<string> {
    const salt = randomBytes(16).toString('hex');
    const buf = await hash(password, salt);
    return `${buf.toString('hex')}.${salt}`;
  }

  static async compare(storedPassword: string, suppliedPassword: string): Promise<boolean> {
    const [hashedPassword, salt] = storedPassword.split('.');
    if (!hashedPassword || !salt) return false;
    const stored = Buffer.from(hashedPassword, 'hex');
    const supplied = await hash(suppliedPassword, salt);
    // timingSafeEqual throws on unequal lengths; a corrupt stored hash simply never matches.
    return stored.length === supplied.length && timingSafeEqual(stored, supplied);
  }
}
