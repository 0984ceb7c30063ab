import mongoose from 'mongoose';
import { User } from '../user';
import { Password } from '../../services/password';

it('serializes to {id, email} without _id, __v or the password', async () => {
  const user = User.build({ email: 'test@test.com', password: 'password' });
  await user.save();

  const json = user.toJSON();
  expect(json).toEqual({ id: user.id, email: 'test@test.com' });
  expect(typeof json.id).toBe('string');
  expect(JSON.parse(JSON.stringify(user))).toEqual({ id: user.id, email: 'test@test.com' });
});

it('hashes the password on save', async () => {
  const user = User.build({ email: 'test@test.com', password: 'password' });
  await user.save();

  const stored = await User.findById(user.id);
  expect(stored!.password).not.toBe('password');
  expect(await Password.compare(stored!.password, 'password')).toBe(true);
});

it('does not hash the hash again when the password did not change', async () => {
  const user = User.build({ email: 'test@test.com', password: 'password' });
  await user.save();
  const hash = user.password;

  user.email = 'other@test.com';
  await user.save();

  const stored = await User.findById(user.id);
  expect(stored!.password).toBe(hash);
  expect(await Password.compare(stored!.password, 'password')).toBe(true);
});

it('hashes a changed password', async () => {
  const user = User.build({ email: 'test@test.com', password: 'password' });
  await user.save();

  user.password = 'newpassword';
  await user.save();

  const stored = await User.findById(user.id);
  expect(await Password.compare(stored!.password, 'newpassword')).toBe(true);
  expect(await Password.compare(stored!.password, 'password')).toBe(false);
});

it('requires email and password', async () => {
  await expect(User.build({} as never).save()).rejects.toBeInstanceOf(mongoose.Error.ValidationError);
  expect(await User.countDocuments()).toBe(0);
});

it('has a unique index on email that refuses a second user with the same email (code 11000)', async () => {
  await User.build({ email: 'test@test.com', password: 'password' }).save();

  await expect(User.build({ email: 'test@test.com', password: 'other' }).save()).rejects.toMatchObject({
    code: 11000,
  });
  expect(await User.countDocuments()).toBe(1);
});

it('declares the email index unique in the database', async () => {
  const indexes = await User.collection.indexes();
  expect(indexes).toEqual(expect.arrayContaining([expect.objectContaining({ key: { email: 1 }, unique: true })]));
});
