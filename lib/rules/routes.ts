/*
 * Paths and route rules of Ingress (pkg/apis/networking/validation validateIngressHTTPIngressPath:
 * Exact and Prefix paths are absolute and normalized; an ImplementationSpecific path, when set, is absolute)
 * and of the Gateway API HTTPRoute (its CRD's maxItems and its path validation).
 */
import { Violation, violation } from './violation';

/** Sequences and endings refused in Exact and Prefix Ingress paths: path traversal and encoded slashes. */
export const INGRESS_INVALID_PATH_PARTS: readonly string[] = ['//', '/./', '/../', '%2f', '%2F'];
export const INVALID_PATH_ENDINGS: readonly string[] = ['/..', '/.'];

/** A URL path: starts with '/' (for `pathType`, when the rule depends on it). */
export function absoluteUrlPath(path: string, pathType?: string): Violation | undefined {
  if (path.startsWith('/')) return undefined;
  return violation('url-path', `must start with '/'${pathType === undefined ? '' : ` for pathType ${pathType}`}`, `write "/${path}"`);
}

/** An Ingress rule's path for its pathType: absolute, and for Exact and Prefix also normalized. */
export function ingressPath(path: string, pathType: string): Violation | undefined {
  if (pathType === 'ImplementationSpecific') return path === '' ? undefined : absoluteUrlPath(path);
  const start = absoluteUrlPath(path, pathType);
  if (start) return start;
  const part = INGRESS_INVALID_PATH_PARTS.find((s) => path.includes(s));
  const ending = INVALID_PATH_ENDINGS.find((s) => path.endsWith(s));
  if (part === undefined && ending === undefined) return undefined;
  const what = part !== undefined ? `contains "${part}"` : `ends with "${ending}"`;
  return violation('ingress-path', `${what}, which Kubernetes rejects in ${pathType} paths`, 'write the path in its normalized form');
}

/**
 * A list within the Gateway API's limit (its CRD's maxItems). `what` leads the message (`are`, `would be rule 17,`),
 * `holder` holds the list (`an HTTPRoute`, `a rule`).
 */
export function gatewayApiLimit(count: number, max: number, what: string, holder: string, fix: string): Violation | undefined {
  if (count <= max) return undefined;
  return violation('gateway-api-limit', `${what} more than the ${max} ${holder} allows`, fix);
}

/** A route rule that matches the same requests as the earlier one at `earlierPath`: only the first would ever match. */
export function sameMatch(earlierPath: string, earlierPathType: string, fix: string, detail = ''): Violation {
  return violation('same-match', `matches the same requests as the earlier rule for path "${earlierPath}" (${earlierPathType}${detail})`, fix);
}
