import { loadConfig } from "../src/config.js";
import { openEngine } from "../src/engine.js";
import { createLogger } from "../src/log.js";
import { FEATURES } from "../src/answer/features.js";
const e = await openEngine(loadConfig({ LOG_LEVEL: "warn" }), createLogger("warn"));
const { candidates } = await e.inspect(process.argv[2]!);
console.log(candidates.context.terms.map((t) => `${t.term}${t.key ? "*" : ""}${t.asked ? "!" : ""}(${t.weight.toFixed(1)}; ${[...t.related.keys()].slice(0, 4).join(",")})`).join(" "));
for (const s of candidates.sentences.slice(0, 4)) console.log(s.score.toFixed(3), s.text.slice(0, 90), "\n   ", FEATURES.map((f, i) => `${f}=${s.features[i]!.toFixed(2)}`).filter((x) => !x.endsWith("=0.00")).join(" "));
await e.close();
