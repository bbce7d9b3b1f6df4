/** Minimal `--flag value` / `--switch` parsing for the operator CLI; unknown flags are errors. */
export function parseArgs(argv: string[], spec: { values: string[]; switches: string[] }): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}"`);
    const name = arg.slice(2);
    if (spec.switches.includes(name)) {
      out[name] = true;
    } else if (spec.values.includes(name)) {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw new Error(`--${name} needs a value`);
      out[name] = value;
    } else {
      throw new Error(`unknown option --${name}`);
    }
  }
  return out;
}
