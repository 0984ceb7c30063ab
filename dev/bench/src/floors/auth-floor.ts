/**
 * The floor for the auth service: bare Express handlers doing the same work — read the cookie
 * and verify the JWT; find the user, scrypt the password with the stored salt, sign a JWT —
 * without logging, cookie-session, validation or the error machinery.
 *
 * `/mandated/currentuser` is the second floor of currentuser: the same handler behind only what
 * the service is bound to and the bare floor leaves out (./mandated.ts).
 */
import { createSecretKey, scrypt, timingSafeEqual } from 'crypto';
import { promisify } from 'util';
import express from 'express';
import jwt from 'jsonwebtoken';
import mongoose from 'mongoose';
import { jwtFromCookie } from '../session-cookie';
import { mandated } from './mandated';

const scryptAsync = promisify(scrypt);
// A KeyObject, as the services use: a string secret makes jsonwebtoken re-parse it on every call.
const key = createSecretKey(Buffer.from(process.env.JWT_KEY!, 'utf8'));
const User = mongoose.model('User', new mongoose.Schema({ email: String, password: String }));

const app = express();
app.get('/healthz', (_req, res) => {
  res.send({});
});

const verified = (token: unknown): unknown => {
  try {
    if (typeof token === 'string') return jwt.verify(token, key, { algorithms: ['HS256'] });
  } catch {
    // invalid or expired: signed out
  }
  return null;
};
app.get('/api/users/currentuser', (req, res) => {
  res.send({ currentUser: verified(jwtFromCookie(req.headers.cookie)) });
});

app.get('/mandated/currentuser', ...mandated, (req, res) => {
  res.locals.currentUser = verified(req.session?.jwt);
  res.send({ currentUser: res.locals.currentUser });
});
app.post('/api/users/signin', express.json(), async (req, res) => {
  const { email, password } = req.body as { email: string; password: string };
  const user = await User.findOne({ email });
  const [hash, salt] = (user?.password ?? '.').split('.');
  const supplied = (await scryptAsync(password, salt, 64)) as Buffer;
  const stored = Buffer.from(hash, 'hex');
  if (!user || stored.length !== supplied.length || !timingSafeEqual(stored, supplied)) {
    res.status(400).send({ errors: [{ message: 'Invalid credentials' }] });
    return;
  }
  const token = jwt.sign({ id: user.id, email: user.email }, key, { algorithm: 'HS256', expiresIn: 3600 });
  res.setHeader(
    'Set-Cookie',
    `session=${Buffer.from(JSON.stringify({ jwt: token })).toString('base64')}; path=/; httponly`,
  );
  res.send({ id: user.id, email: user.email });
});

const start = async () => {
  await mongoose.connect(process.env.MONGO_URI!);
  app.listen(Number(process.env.PORT), '127.0.0.1');
};
void start();
