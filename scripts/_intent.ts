import { analyseQuestion } from "../src/answer/intent.js";
for (const q of process.argv.slice(2)) console.log(JSON.stringify(analyseQuestion(q)), q);
