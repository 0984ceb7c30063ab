/*
 * The rules for a user's password, in plain TypeScript with no imports, shared by auth's
 * validators and the client's forms (through `@ticketing/common/rules`).
 */

/** The course's password length, in characters, counted after trimming. */
export const PASSWORD_MIN_LENGTH = 4;
export const PASSWORD_MAX_LENGTH = 20;

export const PASSWORD_LENGTH_MESSAGE = `Password must be between ${PASSWORD_MIN_LENGTH} and ${PASSWORD_MAX_LENGTH} characters`;

/** Why a new password is not acceptable, or undefined when it is. */
export const passwordError = (password: string): string | undefined => {
  const length = [...password.trim()].length;
  return length < PASSWORD_MIN_LENGTH || length > PASSWORD_MAX_LENGTH ? PASSWORD_LENGTH_MESSAGE : undefined;
};
