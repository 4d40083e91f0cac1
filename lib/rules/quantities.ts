/*
 * resource.Quantity as the API server parses it (k8s.io/apimachinery/pkg/api/resource): a signed
 * decimal, then a binary-SI suffix (Ki..Ei), a decimal-SI suffix (n, u, m, k, M, G, T, P, E) or a
 * decimal exponent (e3, E-2). Doubles are exact enough to compare requests with limits; nothing
 * here does arithmetic a user would see.
 */
import { Violation, violation } from './violation';

const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

const SUFFIX: Record<string, number> = {
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
  n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
};

/** The quantity's value in base units (cores, bytes), or undefined if it is not a quantity. */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = QUANTITY.exec(value.trim() === value ? value : '');
  if (!match) return undefined;
  const [, digits, suffix] = match;
  const base = Number(digits);
  if (!suffix) return base;
  if (suffix[0] === 'e' || suffix[0] === 'E') return base * 10 ** Number(suffix.slice(1));
  return base * SUFFIX[suffix];
}

/** A resource quantity: `250m`, `0.5`, `128Mi`, `1e3`. */
export function quantity(value: unknown): Violation | undefined {
  if (parseQuantity(value) !== undefined) return undefined;
  return violation('quantity', 'is not a quantity', "use one such as '250m', '0.5', '1', '128Mi', '1Gi', '500M' or '1e3'");
}

/** A quantity of zero or more (requests and limits). */
export function nonNegativeQuantity(value: unknown): Violation | undefined {
  const parsed = parseQuantity(value);
  if (parsed === undefined) return quantity(value);
  return parsed >= 0 ? undefined : violation('quantity', 'must not be negative', 'use zero or more');
}

/**
 * A quantity above zero (a CPU or memory amount a construct sets, a metric target). `example` is a
 * valid value in the caller's terms: `Cpu.millis(100)` for a prop, `"100m"` for a manifest field.
 */
export function positiveQuantity(value: unknown, example: string): Violation | undefined {
  const parsed = parseQuantity(value);
  return parsed !== undefined && parsed > 0 ? undefined : violation('quantity', 'must be above zero', `use e.g. ${example}`);
}
