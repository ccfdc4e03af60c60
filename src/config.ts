import { CROSS_CHECKS, SETTINGS, type ConfigKey, type SettingValue } from './config/settings.ts';

/**
 * Every setting of the service, read from the environment once at start, validated all at once.
 * The settings, their kinds, defaults and meanings are the table in config/settings.ts; this type
 * follows from it. An empty variable counts as unset, so `PORT= npm start` means "default", not "0".
 * Only the composition roots in src/bin read this module; everything else receives values.
 */
export type Config = { readonly [K in ConfigKey]: SettingValue<(typeof SETTINGS)[K]> };

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

type Env = Record<string, string | undefined>;

/** The config in `env`, frozen; a ConfigError lists every bad variable when any is. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const read = (name: string): string | null => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? null : value;
  };
  const config: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(SETTINGS)) {
    const names = [entry.env, ...(entry.also ?? [])];
    const set = names.map(read).find((value) => value !== null) ?? null;
    const raw = set ?? entry.default;
    if (raw === null) {
      config[key] = null;
      continue;
    }
    const parsed = entry.kind.parse(raw, entry.env);
    if (parsed.ok) config[key] = parsed.value;
    else problems.push(...parsed.problems);
  }
  // A refused value is left undefined (neither set nor unset), so these checks add no problem
  // because of it, but still report theirs beside the others.
  for (const check of CROSS_CHECKS) {
    const problem = check(config as Config);
    if (problem !== null) problems.push(problem);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config as Config);
}
