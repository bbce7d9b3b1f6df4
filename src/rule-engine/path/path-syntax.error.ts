/** Thrown by the path parser; the validator turns it into a field error with the condition's path. */
export class PathSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`Invalid JSONPath: ${message} (at character ${position})`);
    this.name = 'PathSyntaxError';
  }
}
