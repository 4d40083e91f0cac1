/*
 * The enumerated fields of lib/rules/enums.ts (ENUMERATED_FIELDS), checked in one walk: each path is split once, when
 * the module loads, and each object only looks up the fields of its kind. A valid object allocates nothing here;
 * a finding's path is built when there is one.
 */
import { Findings, isRecord, Json, show, Subject } from './context';
import { describe } from './names';
import { ENUMERATED_FIELDS, EnumerationName, enumField } from '../rules/enums';

interface Step {
  readonly key: string;
  /** `key[]`: the value is a list, and each entry goes on. */
  readonly each: boolean;
}

interface CompiledField {
  readonly steps: readonly Step[];
  readonly enumeration: EnumerationName;
}

/** Fields of every pod spec, and the others by API group, then kind (Maps: a kind "__proto__" finds nothing). */
const POD_SPEC_FIELDS: CompiledField[] = [];
const BY_GROUP = new Map<string, Map<string, CompiledField[]>>();

for (const field of ENUMERATED_FIELDS) {
  const compiled = {
    steps: field.path.split('.').map((part) => (part.endsWith('[]') ? { key: part.slice(0, -2), each: true } : { key: part, each: false })),
    enumeration: field.enumeration,
  };
  if (field.kind === 'PodSpec') {
    POD_SPEC_FIELDS.push(compiled);
    continue;
  }
  const dot = field.kind.indexOf('.');
  const [kind, group] = dot < 0 ? [field.kind, ''] : [field.kind.slice(0, dot), field.kind.slice(dot + 1)];
  const kinds = BY_GROUP.get(group) ?? new Map<string, CompiledField[]>();
  BY_GROUP.set(group, kinds);
  kinds.set(kind, [...(kinds.get(kind) ?? []), compiled]);
}

/** The list index taken at each step of the walk in progress (paths are a few steps deep; reused, never reallocated). */
const indices: number[] = [0, 0, 0, 0, 0, 0, 0, 0];

/**
 * Checks the enumerated fields of `subject`, and of its pod spec when it has one (`podSpec` at `specPath`, from
 * podTemplate in api-rules.ts).
 */
export function checkEnumFields(subject: Subject, podSpec: Json | undefined, specPath: string, findings: Findings): void {
  if (podSpec) {
    for (let i = 0; i < POD_SPEC_FIELDS.length; i++) walk(subject, specPath, POD_SPEC_FIELDS[i], podSpec, 0, findings);
  }
  const fields = BY_GROUP.get(subject.group)?.get(subject.kind);
  if (!fields) return;
  for (let i = 0; i < fields.length; i++) walk(subject, '', fields[i], subject.manifest, 0, findings);
}

function walk(subject: Subject, base: string, field: CompiledField, node: Json, step: number, findings: Findings): void {
  const { key, each } = field.steps[step];
  const value = node[key];
  const last = step === field.steps.length - 1;
  if (!each) {
    if (!last) {
      if (isRecord(value)) walk(subject, base, field, value, step + 1, findings);
    } else if (typeof value === 'string') {
      check(subject, base, field, value, findings);
    }
    return;
  }
  if (!Array.isArray(value)) return;
  for (let i = 0; i < value.length; i++) {
    indices[step] = i;
    const entry: unknown = value[i];
    if (last) {
      if (typeof entry === 'string') check(subject, base, field, entry, findings);
    } else if (isRecord(entry)) {
      walk(subject, base, field, entry, step + 1, findings);
    }
  }
}

function check(subject: Subject, base: string, field: CompiledField, value: string, findings: Findings): void {
  const problem = describe(enumField(field.enumeration, value));
  if (!problem) return;
  const { steps } = field;
  const name = steps[steps.length - 1].key;
  findings.error('enum', subject, pathOf(subject, base, field), `${name} ${show(value)} ${problem}`);
}

/** The finding path of the value the walk is at: list entries by `name=` when they have a name, as elsewhere. */
function pathOf(subject: Subject, base: string, field: CompiledField): string {
  let path = base;
  let node: unknown = subject.manifest;
  if (base !== '') for (const part of base.split('.')) node = isRecord(node) ? node[part] : undefined;
  field.steps.forEach(({ key, each }, step) => {
    path = path ? `${path}.${key}` : key;
    node = isRecord(node) ? node[key] : undefined;
    if (!each) return;
    const entry: unknown = Array.isArray(node) ? node[indices[step]] : undefined;
    const entryName = isRecord(entry) ? entry.name : undefined;
    path += `[${typeof entryName === 'string' && entryName !== '' ? `name=${entryName}` : indices[step]}]`;
    node = entry;
  });
  return path;
}
