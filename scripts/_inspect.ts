import { loadConfig } from "../src/config.js";
import { openEngine } from "../src/engine.js";
import { createLogger } from "../src/log.js";
import { FEATURES } from "../src/answer/features.js";
const engine = await openEngine(loadConfig(process.env), createLogger("warn"));
for (const q of process.argv.slice(2)) {
  const { analysis, candidates } = await engine.inspect(q);
  console.log("\n##", q, analysis.intent, analysis.facet ?? "");
  console.log("terms:", candidates.context.terms.map((t) => `${t.word}->${t.term}${t.key ? "*" : ""}${t.asked ? "!" : ""}${t.inCorpus ? "" : "?"}(${t.weight.toFixed(1)};${[...t.related.keys()].slice(0,4).join("/")})`).join(" "));
  for (const s of candidates.sentences.slice(0, 3)) {
    console.log(s.score.toFixed(3), s.passageRank, s.text.slice(0, 120).replace(/\n/g, " "));
    console.log("    ", FEATURES.map((f, i) => `${f}=${s.features[i]!.toFixed(2)}`).filter((x) => !x.endsWith("=0.00")).join(" "));
  }
}
process.exit(0);
