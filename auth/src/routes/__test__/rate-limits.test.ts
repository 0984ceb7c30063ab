import request from 'supertest';
import { app } from '../../app';
import { User } from '../../models/user';
import { Password } from '../../services/password';

// Read on the first request, so set before any: small limits, and a window no test outlives.
process.env.SIGNIN_FAILURES_PER_EMAIL = '3';
process.env.SIGNIN_FAILURES_PER_ADDRESS = '6';
process.env.SIGNUPS_PER_ADDRESS = '4';
process.env.RATE_LIMIT_WINDOW_SECONDS = '600';

let addresses = 0;
/** A client address of its own for each test, as the ingress reports it (the last X-Forwarded-For entry). */
const newAddress = () => `10.0.${Math.floor(addresses / 250)}.${(addresses++ % 250) + 1}`;

const signin = (address: string, email: string, password: string) =>
  request(app).post('/api/users/signin').set('X-Forwarded-For', address).send({ email, password });

const signupFrom = (address: string, email: string) =>
  request(app).post('/api/users/signup').set('X-Forwarded-For', address).send({ email, password: 'password' });

/** A user with the password "password", signed up from an address of its own. */
const signup = (email: string) => signupFrom(newAddress(), email).expect(201);

const expectRefused = (res: request.Response, message: string) => {
  expect(res.status).toBe(429);
  expect(res.body).toEqual({ errors: [{ message }] });
  const retryAfter = Number(res.get('Retry-After'));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThan(500);
  expect(retryAfter).toBeLessThanOrEqual(600);
  expect(res.get('Set-Cookie')).toBeUndefined();
};

const tooManyForEmail = 'Too many failed sign-ins for this email, try again later';
const tooManyFromAddress = 'Too many failed sign-ins from this address, try again later';

describe('failed signins per email', () => {
  it('refuses the email from that address after the limit, even with the right password, without hashing', async () => {
    const address = newAddress();
    await signup('victim@test.com');
    for (let i = 0; i < 3; i += 1) {
      await signin(address, 'victim@test.com', `wrong${i}`).expect(400);
    }
    const compare = jest.spyOn(Password, 'compare');
    expectRefused(await signin(address, 'victim@test.com', 'wrong3'), tooManyForEmail);
    expectRefused(await signin(address, 'victim@test.com', 'password'), tooManyForEmail);
    expect(compare).not.toHaveBeenCalled();
    compare.mockRestore();
  });

  it("caps a burst of parallel guesses by the address's limit, then refuses the email", async () => {
    const address = newAddress();
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => signin(address, 'burst@test.com', `guess${i}`)),
    );
    expect(responses.filter((res) => res.status === 400)).toHaveLength(6);
    for (const res of responses.filter((r) => r.status !== 400)) expectRefused(res, tooManyFromAddress);
    // Every wrong guess counted for the email, however parallel.
    expectRefused(await signin(address, 'burst@test.com', 'guess'), tooManyForEmail);
  });

  it('never refuses a burst of parallel signins with the right password', async () => {
    const address = newAddress();
    await signup('popular@test.com');
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => signin(address, 'popular@test.com', 'password')),
    );
    expect(responses.map((res) => res.status)).toEqual(Array(6).fill(200));
    await signin(address, 'popular@test.com', 'password').expect(200);
  });

  it('leaves another user at the same address, and the same user at another address, unaffected', async () => {
    const attacker = newAddress();
    await signup('target@test.com');
    await signup('bystander@test.com');
    for (let i = 0; i < 5; i += 1) await signin(attacker, 'target@test.com', `guess${i}`);
    expect((await signin(attacker, 'target@test.com', 'guess')).status).toBe(429);

    // Another user behind the same address signs in normally.
    await signin(attacker, 'bystander@test.com', 'password').expect(200);
    // The target, from their own address, is not locked out by the attacker's failures.
    const res = await signin(newAddress(), 'target@test.com', 'password').expect(200);
    expect(res.get('Set-Cookie')).toBeDefined();
  });

  it('forgives an email its failures when it signs in', async () => {
    const address = newAddress();
    await signup('forgetful@test.com');
    // 4 failures in all, more than the email's 3, but never 3 in a row (the address allows 6).
    for (let round = 0; round < 2; round += 1) {
      await signin(address, 'forgetful@test.com', 'wrong').expect(400);
      await signin(address, 'forgetful@test.com', 'wrong').expect(400);
      await signin(address, 'forgetful@test.com', 'password').expect(200);
    }
  });

  it('counts one email however it is written (case and spaces)', async () => {
    const address = newAddress();
    await signin(address, 'Case@Test.com', 'wrong').expect(400);
    await signin(address, ' case@test.com ', 'wrong').expect(400);
    await signin(address, 'CASE@TEST.COM', 'wrong').expect(400);
    expectRefused(await signin(address, 'case@test.com', 'wrong'), tooManyForEmail);
  });

  it('does not count requests refused as malformed', async () => {
    const address = newAddress();
    for (let i = 0; i < 5; i += 1) {
      await signin(address, 'malformed@test.com', '').expect(400);
    }
    await signin(address, 'malformed@test.com', 'wrong').expect(400);
  });
});

describe('failed signins per address', () => {
  it('refuses an address that failed for many emails, and no other address', async () => {
    const address = newAddress();
    for (let i = 0; i < 6; i += 1) {
      await signin(address, `spray${i}@test.com`, 'password').expect(400);
    }
    expectRefused(await signin(address, 'spray-next@test.com', 'password'), tooManyFromAddress);
    await signup('elsewhere@test.com');
    await signin(newAddress(), 'elsewhere@test.com', 'password').expect(200);
  });

  it('takes the address the ingress appended, not one the client put first in X-Forwarded-For', async () => {
    const address = newAddress();
    for (let i = 0; i < 6; i += 1) {
      await request(app)
        .post('/api/users/signin')
        .set('X-Forwarded-For', `203.0.113.${i}, ${address}`)
        .send({ email: `spoof${i}@test.com`, password: 'password' })
        .expect(400);
    }
    const res = await request(app)
      .post('/api/users/signin')
      .set('X-Forwarded-For', `198.51.100.7, ${address}`)
      .send({ email: 'spoof-next@test.com', password: 'password' });
    expectRefused(res, tooManyFromAddress);
  });

  it('does not count successful signins', async () => {
    const address = newAddress();
    await signup('regular@test.com');
    for (let i = 0; i < 10; i += 1) {
      await signin(address, 'regular@test.com', 'password').expect(200);
    }
  });
});

describe('signups per address', () => {
  it('refuses an address past the limit, storing nothing, while another address signs up', async () => {
    const address = newAddress();
    for (let i = 0; i < 3; i += 1) await signupFrom(address, `many${i}@test.com`).expect(201);
    // An attempt that fails counts too: probing which emails are taken is limited as well.
    await signupFrom(address, 'many0@test.com').expect(400);

    const res = await signupFrom(address, 'many-next@test.com');
    expectRefused(res, 'Too many signups from this address, try again later');
    expect(await User.countDocuments({ email: 'many-next@test.com' })).toBe(0);

    await signupFrom(newAddress(), 'many-next@test.com').expect(201);
  });
});
