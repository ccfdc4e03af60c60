/**
 * The kinds of value a setting takes. Each parses a trimmed, non-empty environment value into a
 * typed value or the problems with it, and says in a few words what it accepts (for the README,
 * `--help` and nothing else). Problems start with the variable's name, so the error at start
 * reads as a list of what to fix. A kind never echoes a value it refused unless it is shown
 * anyway in such a message (numbers, levels): URLs and keys may hold secrets.
 */
import path from 'node:path';

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: string[] };

export interface SettingKind<T> {
  /** What a value may be, e.g. "whole number 1–64". */
  readonly accepts: string;
  parse(raw: string, name: string): Parsed<T>;
}

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const problem = <T>(message: string): Parsed<T> => ({ ok: false, problems: [message] });

export function int(min: number, max: number): SettingKind<number> {
  return {
    accepts: `whole number ${min}–${max}`,
    parse(raw, name) {
      if (!/^\d+$/.test(raw)) return problem(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
      const value = Number(raw);
      if (value < min || value > max) return problem(`${name} must be between ${min} and ${max}, got ${value}`);
      return ok(value);
    },
  };
}

export function bool(): SettingKind<boolean> {
  return {
    accepts: 'true or false (also 1/0, yes/no, on/off)',
    parse(raw, name) {
      if (/^(1|true|yes|on)$/i.test(raw)) return ok(true);
      if (/^(0|false|no|off)$/i.test(raw)) return ok(false);
      return problem(`${name} must be true or false, got "${raw}"`);
    },
  };
}

export function oneOf<const T extends string>(choices: readonly T[]): SettingKind<T> {
  const listed = choices.length === 2 ? choices.join(' or ') : `one of ${choices.join(', ')}`;
  return {
    accepts: choices.join(', '),
    parse(raw, name) {
      if ((choices as readonly string[]).includes(raw)) return ok(raw as T);
      return problem(`${name} must be ${listed}, got "${raw}"`);
    },
  };
}

export function text(options: { minLength?: number } = {}): SettingKind<string> {
  const minLength = options.minLength ?? 1;
  return {
    accepts: minLength > 1 ? `text of ${minLength} or more characters` : 'text',
    parse(raw, name) {
      if (raw.length < minLength) return problem(`${name} must be at least ${minLength} characters long`);
      return ok(raw);
    },
  };
}

/** A URL kept as written; only its protocol is checked. */
export function url(protocols: readonly string[]): SettingKind<string> {
  const names = protocols.map((p) => p.replace(/:$/, ''));
  return {
    accepts: `${names.join(' or ')} URL`,
    parse(raw, name) {
      let parsed: URL;
      try {
        parsed = new URL(raw);
      } catch {
        return problem(`${name} is not a valid URL (expected: ${names.join(' or ')} URL)`);
      }
      if (!protocols.includes(parsed.protocol)) {
        return problem(`${name} must be a ${protocols.join(' or ')} URL, got protocol "${parsed.protocol}"`);
      }
      return ok(raw);
    },
  };
}

/** A folder, resolved against the working directory at start. */
export function folder(): SettingKind<string> {
  return { accepts: 'path', parse: (raw) => ok(path.resolve(raw)) };
}

/** A value with its own parser (which names the variable in its problems itself). */
export function custom<T>(accepts: string, parse: (raw: string, name: string) => Parsed<T>): SettingKind<T> {
  return { accepts, parse };
}
