import { randomBytes, timingSafeEqual } from 'crypto';
import { hashPassword } from './hash-pool';

const KEY_LENGTH = 64;

/** Salted scrypt hashes stored as `<hash hex>.<salt hex>`. */
export class Password {
  static async toHash(password: string): Promise<string> {
    const salt = randomBytes(16).toString('hex');
    const buf = await hashPassword(password, salt, KEY_LENGTH);
    return `${buf.toString('hex')}.${salt}`;
  }

  static async compare(storedPassword: string, suppliedPassword: string): Promise<boolean> {
    const [hashedPassword, salt] = storedPassword.split('.');
    if (!hashedPassword || !salt) return false;
    const stored = Buffer.from(hashedPassword, 'hex');
    const supplied = await hashPassword(suppliedPassword, salt, KEY_LENGTH);
    // timingSafeEqual throws on unequal lengths; a corrupt stored hash simply never matches.
    return stored.length === supplied.length && timingSafeEqual(stored, supplied);
  }
}
