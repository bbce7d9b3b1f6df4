/**
 * Character classes of the path grammar. They are deliberately narrower than JSONPath: jsonpath-plus
 * rewrites path strings with regular expressions before evaluating them, and characters such as
 * `.` `~` `^` `;` `#` `,` `:` `$` `@` `(` `)` `'` inside names or literals change what it does. Keeping
 * them out makes our evaluator and jsonpath-plus agree on every path we accept.
 */
export function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

const UNDERSCORE = 95;
const HYPHEN = 45;
const SPACE = 32;

/** First character of `.name` and of filter member names. */
export function isIdentifierStart(c: number): boolean {
  return isLetter(c) || c === UNDERSCORE;
}

/** Later characters of a filter member name (`@.a_b`): a JS identifier without `$`. */
export function isIdentifierPart(c: number): boolean {
  return isLetter(c) || isDigit(c) || c === UNDERSCORE;
}

/** Later characters of a `.name` segment: identifier characters plus `-`. */
export function isNamePart(c: number): boolean {
  return isIdentifierPart(c) || c === HYPHEN;
}

/** Characters of a `['quoted name']` segment. */
export function isQuotedNameChar(c: number): boolean {
  return isIdentifierPart(c) || c === HYPHEN || c === SPACE;
}

const FORBIDDEN_IN_LITERALS = new Set(["'", '"', '\\', '(', ')', '[', ']', '@', '`'].map((s) => s.charCodeAt(0)));

/** Characters of a quoted string literal inside a filter (no escapes exist, so no quotes either). */
export function isStringLiteralChar(c: number): boolean {
  return c >= 0x20 && c !== 0x7f && !FORBIDDEN_IN_LITERALS.has(c);
}
