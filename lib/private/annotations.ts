import { Problems } from './construct-base';

/** An annotation a construct computes from one of its typed props. */
export interface ComputedAnnotation {
  readonly key: string;
  readonly value: string;
  /** The prop that decided it, named in the error when the user's own annotation disagrees. */
  readonly prop: string;
  /** How to resolve a contradiction. @default - "remove the annotation, or change <prop>" */
  readonly fix?: string;
}

/**
 * The user's `annotations` over the computed ones. A user annotation that repeats a computed key with
 * another value contradicts a typed prop: that is reported, not silently resolved either way.
 * @param checked the computed keys that must agree; the others the user may override
 */
export function mergeAnnotations(
  computed: readonly ComputedAnnotation[],
  user: Record<string, string> | undefined,
  problems: Problems,
  checked: (key: string) => boolean = () => true,
): Record<string, string> | undefined {
  const merged: Record<string, string> = {};
  for (const a of computed) merged[a.key] = a.value;
  for (const [key, value] of Object.entries(user ?? {})) {
    const mine = computed.find((a) => a.key === key);
    if (mine && mine.value !== value && checked(key)) {
      problems.add(`annotations["${key}"]`, value, `contradicts ${mine.prop}, which sets it to "${mine.value}"`,
        mine.fix ?? `remove the annotation, or change ${mine.prop}`);
    }
    merged[key] = value;
  }
  return Object.keys(merged).length > 0 ? merged : undefined;
}
