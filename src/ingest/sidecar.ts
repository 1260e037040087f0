/** Metadata beside a PDF or Word file: `paper.pdf.yaml`, with the same keys as Markdown front matter. */
import matter from "gray-matter";

/** The sidecar's YAML, read the way front matter is. Throws on YAML that does not parse or is not a mapping. */
export function parseSidecar(yaml: string): Record<string, unknown> {
  const data: unknown = matter(`---\n${yaml}\n---\n`).data;
  if (typeof data !== "object" || data === null || Array.isArray(data)) throw new Error("it should hold keys such as title: and authors:");
  return data as Record<string, unknown>;
}
