// Reserved names (a site's `reservedNames`): a name matches one when they look alike, not only
// when they are equal. Both go through NFKC, case folding and the confusable skeleton of Unicode
// UTS #39 (confusables.txt, through the `unhomoglyph` package), with invisible characters dropped
// and spaces collapsed; then `l` and `i` are folded together, since case folding makes `I` an `i`
// while the skeleton makes it an `l`. Over-matching costs a reader a different name; under-matching
// would let anyone pose as the site's staff.
import unhomoglyph from "unhomoglyph";

const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;

const fold = (s: string) => unhomoglyph(s.normalize("NFKC").toLowerCase()).toLowerCase();

/** The form two names share when a reader could take one for the other. */
export function nameSkeleton(name: string): string {
  // Twice: a mapping can land on a capital or on a character that maps again.
  return fold(fold(name.replace(IGNORABLE, "")))
    .replace(IGNORABLE, "")
    .replace(/l/g, "i")
    .replace(/\s+/g, " ")
    .trim();
}

/** Whether `name` looks like one of the reserved names (an empty name never does). */
export function isReservedName(name: string, reserved: readonly string[]): boolean {
  const skeleton = nameSkeleton(name);
  return skeleton !== "" && reserved.some((r) => nameSkeleton(r) === skeleton);
}
