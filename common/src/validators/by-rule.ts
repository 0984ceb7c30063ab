/** Turns a rule's "why not" into an express-validator check, its message the rule's. */
export const byRule =
  <T>(rule: (value: T) => string | undefined) =>
  (value: T): true => {
    const error = rule(value);
    if (error) throw new Error(error);
    return true;
  };
