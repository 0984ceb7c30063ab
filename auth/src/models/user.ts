import mongoose from 'mongoose';
import { Password } from '../services/password';

/** What it takes to create a user. */
export interface UserAttrs {
  email: string;
  password: string;
}

/** A saved user document. */
export interface UserDoc extends mongoose.Document {
  /** Mongoose's default string virtual for `_id`. */
  id: string;
  email: string;
  password: string;
}

/** The User model, with a typed `build` instead of `new User(...)`. */
export interface UserModel extends mongoose.Model<UserDoc> {
  build(attrs: UserAttrs): UserDoc;
}

const userSchema = new mongoose.Schema<UserDoc, UserModel>(
  {
    // The unique index, not a find-then-save check, is what keeps two concurrent signups apart.
    email: { type: String, required: true, unique: true },
    password: { type: String, required: true },
  },
  {
    toJSON: {
      transform(_doc, ret: Record<string, unknown>) {
        // A string, as clients see it over the wire, not an ObjectId.
        ret.id = String(ret._id);
        delete ret._id;
        delete ret.__v;
        delete ret.password;
        return ret;
      },
    },
  },
);

userSchema.pre('save', async function () {
  if (this.isModified('password')) {
    this.set('password', await Password.toHash(this.get('password')));
  }
});

userSchema.statics.build = (attrs: UserAttrs): UserDoc => new User(attrs);

export const User = mongoose.model<UserDoc, UserModel>('User', userSchema);
