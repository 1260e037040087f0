/**
 * Paper metadata from front matter, a PDF sidecar, an HTML page's meta tags or a Word file's
 * properties, in the shapes people write it: the Jekyll, Pandoc and CSL ways of naming authors
 * and dates. User-written data: take what has the right shape and ignore the rest.
 */
import type { PaperMeta } from "./types.js";

const str = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v).trim() || undefined : undefined);

export function metaFrom(data: Record<string, unknown>, fallbackTitle: string): Omit<PaperMeta, "id"> {
  const meta: Omit<PaperMeta, "id"> = {
    title: str(data.title) ?? fallbackTitle,
    authors: authorsOf(data.authors ?? data.author ?? data.creator),
    editorialHeadings: listOf(data.editorial_headings),
  };
  for (const key of ["journal", "volume", "issue", "month", "pages"] as const) {
    const value = str(data[key]);
    if (value) meta[key] = value;
  }
  const journal = str(data["container-title"]);
  if (!meta.journal && journal) meta.journal = journal;
  const doi = str(data.doi ?? data.DOI)?.replace(/^(?:doi:\s*|https?:\/\/(?:dx\.)?doi\.org\/)/i, "");
  if (doi) meta.doi = doi;
  const year = ["year", "date", "issued", "published", "date-published", "modified_date", "modified", "updated"].map((k) => yearOf(data[k])).find((y) => y !== undefined);
  if (year !== undefined) meta.year = year;
  const keywords = listOf(data.keywords ?? data.tags ?? data.subject);
  if (keywords.length) meta.keywords = keywords;
  return meta;
}

/** Strings, lists of strings, or objects with `name`/`literal` or `given` and `family`. */
export function authorsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(authorsOf);
  if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    const name = str(o.name) ?? str(o.literal) ?? ([str(o.given) ?? str(o.first), str(o.family) ?? str(o.last)].filter(Boolean).join(" ") || undefined);
    return name ? [name] : [];
  }
  const text = str(value);
  if (!text) return [];
  const parts = text.split(/\s*(?:;|\band\b|&|\n)\s*/).filter(Boolean);
  // "Souleimanov, Emil" is one author; "Emil Souleimanov, Maya Ehrmann" two.
  return parts.flatMap((p) => {
    const commas = p.split(/\s*,\s*/).filter(Boolean);
    return commas.length > 1 && commas.every((c) => c.includes(" ")) ? commas : [p];
  });
}

/** A year from 2014, "2014", "19 January 2014", a YAML date, or CSL's {"date-parts": [[2014, 1]]}. */
export function yearOf(value: unknown): number | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getUTCFullYear();
  if (Array.isArray(value)) return value.map(yearOf).find((y) => y !== undefined);
  if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    return yearOf(o["date-parts"] ?? o.year ?? o.raw ?? o.literal);
  }
  const m = /\b(1[5-9]\d\d|20\d\d)\b/.exec(str(value) ?? "");
  return m ? Number(m[1]) : undefined;
}

function listOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(str).filter((s): s is string => !!s);
  return str(value)?.split(/\s*[;,]\s*/).filter(Boolean) ?? [];
}
