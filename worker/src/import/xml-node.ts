// Reading the small element trees of xml-scan.ts: a child by name (and namespace), its text.
import type { XmlNode } from "./xml-scan.ts";

type NsTest = (ns: string) => boolean;
const anyNs: NsTest = () => true;

export function child(node: XmlNode, name: string, ns: NsTest = anyNs): XmlNode | undefined {
  return node.children.find((c) => c.name === name && ns(c.ns));
}

export function children(node: XmlNode, name: string, ns: NsTest = anyNs): XmlNode[] {
  return node.children.filter((c) => c.name === name && ns(c.ns));
}

/** The trimmed text of the first child of that name, or "" when there is none. */
export function childText(node: XmlNode, name: string, ns: NsTest = anyNs): string {
  return child(node, name, ns)?.text.trim() ?? "";
}

/** A namespaced attribute by local name (Disqus's `dsq:id`), whatever the prefix is. */
export function prefixedAttr(node: XmlNode | undefined, local: string): string {
  return node?.attrs.find((a) => a.local === local && a.ns !== "")?.value.trim() ?? "";
}
