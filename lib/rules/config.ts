/*
 * Rules of ConfigMap and Secret data and of the files a volume projects them into, after
 * k8s.io/apimachinery/pkg/util/validation (IsConfigMapKey) and k8s.io/kubernetes/pkg/apis/core/validation
 * (validateLocalDescendingPath, the 0..0777 check of defaultMode and items[].mode).
 */
import { MAX_SUBDOMAIN_LENGTH } from './names';
import { Violation, violation } from './violation';

const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;

/** A key of a ConfigMap's or Secret's data (IsConfigMapKey): it becomes a file name when mounted. */
export function configMapKey(value: string): Violation | undefined {
  if (typeof value === 'string' && value.length <= MAX_SUBDOMAIN_LENGTH && CONFIG_MAP_KEY.test(value)
    && value !== '.' && !value.startsWith('..')) return undefined;
  return violation('config-map-key', 'is not a valid ConfigMap or Secret key',
    'use at most 253 letters, digits, \'-\', \'_\' and \'.\', not "." and not starting with ".."');
}

/** The API server's limit on the whole data of one ConfigMap or Secret (1 MiB, core validation.go `MaxSecretSize`). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** The size of a ConfigMap's or Secret's data, in bytes: at most 1 MiB (ValidateConfigMap, ValidateSecret). */
export function configDataSize(bytes: number, kind: 'ConfigMap' | 'Secret'): Violation | undefined {
  if (bytes <= MAX_CONFIG_BYTES) return undefined;
  return violation('config-size', `is over the 1 MiB limit of a ${kind}`, 'move large files into the image or a volume');
}

/** The largest file mode a volume accepts: rwx for owner, group and others. */
export const MAX_FILE_MODE = 0o777;

/** `defaultMode` and `items[].mode` of configMap, secret and projected volumes. */
export function fileMode(value: number): Violation | undefined {
  if (Number.isInteger(value) && value >= 0 && value <= MAX_FILE_MODE) return undefined;
  return violation('file-mode', 'is not a file mode', 'use an octal number from 0 to 0o777, such as 0o440 (read for owner and group)');
}

/** Where a key lands inside a volume (`items[].path`): relative, and never above the volume. */
export function volumeItemPath(value: string): Violation | undefined {
  if (typeof value !== 'string' || value === '') return violation('volume-item-path', 'is empty', 'give the file a name, such as "menu.json"');
  if (value.startsWith('/')) return violation('volume-item-path', 'is an absolute path', 'use a path relative to the mount, such as "menu.json"');
  if (value.split('/').includes('..')) return violation('volume-item-path', 'contains \'..\'', 'use a path inside the mount');
  return undefined;
}

/**
 * Keys each Secret type requires (k8s.io/kubernetes/pkg/apis/core/validation ValidateSecret): all of them,
 * or (`anyOf`) at least one. Types not listed (Opaque, custom ones) require none.
 */
export const SECRET_REQUIRED_KEYS: Readonly<Record<string, { readonly keys: readonly string[]; readonly anyOf?: boolean }>> = {
  'kubernetes.io/tls': { keys: ['tls.crt', 'tls.key'] },
  'kubernetes.io/dockerconfigjson': { keys: ['.dockerconfigjson'] },
  'kubernetes.io/dockercfg': { keys: ['.dockercfg'] },
  'kubernetes.io/basic-auth': { keys: ['username', 'password'], anyOf: true },
  'kubernetes.io/ssh-auth': { keys: ['ssh-privatekey'] },
};

/**
 * The keys a Secret of `type` (the value checked) must have, given the keys it has; `addTo` says where
 * keys are written (`stringData or files` for the construct, `data or stringData` for a manifest).
 */
export function secretTypeKeys(type: string, present: readonly string[], addTo: string): Violation | undefined {
  const required = Object.prototype.hasOwnProperty.call(SECRET_REQUIRED_KEYS, type) ? SECRET_REQUIRED_KEYS[type] : undefined;
  if (!required) return undefined;
  const missing = required.keys.filter((k) => !present.includes(k));
  if (required.anyOf ? missing.length < required.keys.length : missing.length === 0) return undefined;
  const quote = (keys: readonly string[]) => keys.map((k) => JSON.stringify(k));
  const has = present.length > 0 ? quote([...present].sort()).join(', ') : 'none';
  return violation('secret-type-keys',
    `needs the key${required.keys.length > 1 ? 's' : ''} ${quote(required.keys).join(required.anyOf ? ' or ' : ' and ')} (the Secret has ${has})`,
    `add ${required.anyOf ? 'one of them' : quote(missing).join(' and ')} to ${addTo}`);
}

/**
 * The `.dockerconfigjson` of a `kubernetes.io/dockerconfigjson` Secret, decoded: JSON that unmarshals into a
 * map (core validation.go ValidateSecret: `json.Unmarshal(dockerConfigJSONBytes, &map[string]interface{}{})`),
 * so an object or `null`.
 */
export function dockerConfigJson(text: string): Violation | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (parsed === null || (typeof parsed === 'object' && parsed !== undefined && !Array.isArray(parsed))) return undefined;
  return violation('docker-config-json', 'is not a JSON object, so the API server refuses the Secret',
    'use the content of a Docker config.json, such as {"auths":{"registry.example.com":{"auth":"<base64 user:password>"}}}');
}
