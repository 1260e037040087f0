/**
 * What a question asks for, before anything is retrieved: a chat turn that wants help rather than
 * a quote, a question about a paper as a whole (its aims, argument, method, findings, a section,
 * its authors), a why/how question, a yes/no check of a claim, or a plain factoid.
 *
 * The cues are the closed classes of English that mark these acts (greetings, second-person
 * questions to the bot, "this paper", "argue", "summarise"), not words of any paper, so they
 * hold for every corpus.
 */
import { isStopword, normalizeText, words } from "../ingest/terms.js";
import { answerKind } from "./question.js";

export type Intent = "help" | "paper-level" | "why" | "yes-no" | "factoid";

/** The side of a paper a paper-level question asks about. */
export type Facet =
  | "about"
  | "argument"
  | "aims"
  | "method"
  | "findings"
  | "contribution"
  | "limitations"
  | "future"
  | "summary"
  | "authors"
  | "venue"
  | "year"
  | "title";

/** Facets answered from the paper's own details: who wrote it, where and when it came out, its title. */
export type MetadataFacet = Extract<Facet, "authors" | "venue" | "year" | "title">;

export function isMetadataFacet(facet: Facet | undefined): facet is MetadataFacet {
  return facet === "authors" || facet === "venue" || facet === "year" || facet === "title";
}

export interface QuestionAnalysis {
  intent: Intent;
  facet?: Facet;
  /** Asked as a yes/no check of a claim ("does the paper say…", "do the authors think…"): the reply shows what supports and what qualifies it. */
  yesNo?: boolean;
  /** For a section summary: the words that name the section ("the energy security section" → energy security). */
  sectionWords?: string[];
  /** Words that name one paper among several: a quoted title, or "the chapter on research funding" → research funding. */
  paperWords?: string[];
}

/** Words of small talk and of talking to the bot itself: a message made only of these wants help, not a quote. */
const CHAT_WORDS = new Set(
  (
    "hi hello hey hiya howdy yo greetings morning afternoon evening night good day thanks thank thx ty cheers appreciate appreciated " +
    "helpful great cool nice awesome ok okay k fine sure bye goodbye later see soon cya farewell welcome please lol haha wow " +
    "how are you doing going today well there all everyone folks bot who what made make built build created create can could " +
    "do does help me us your yourself you're youre is it this that was really very so much a an the and for to of just again " +
    "name called anyone anybody up sup work works use using now bye-bye night"
  ).split(" "),
);

/** A question put to the bot about itself: "what can you do", "who made you", "how does this work". */
const ABOUT_THE_BOT = /\b(?:what (?:can|do) you do|what are you|who (?:are|made|built|created|wrote) you|how (?:do|does) (?:this|it|you) work|how (?:do|can) i use (?:this|you|it)|what is this bot|help me|^help\b)/;

/** The paper, as a student names it. */
const THE_PAPER = String.raw`(?:the|this|that|these|your|its|their)\s+(?:paper|article|study|chapter|text|piece|essay|work|research|analysis|authors?|writers?|researchers?)`;
const PAPER_NOUN = new RegExp(String.raw`\b(?:${THE_PAPER}|papers?|articles?|chapters?|authors?)\b`);

/** "How did they count the bees?" asks how the study was done, whatever it counted. */
const HOW_MEASURED = String.raw`how (?:did|do|does) (?:they|the (?:authors?|researchers?|paper|study|article)) (?:collect|gather|measure|count|estimate|assess|test|sample|survey|select|choose|analy[sz]e)`;

const FACETS: [Facet, RegExp][] = [
  ["authors", /\b(?:who (?:wrote|authored|are the authors?|is the author|writes)|written by|authors? (?:of|are|is)|wrote (?:this|the|it)|whose (?:paper|article|study))\b/],
  // Where the paper itself came out; "which journal charges nothing?" asks about journals, not the paper's venue.
  ["venue", /(?:\b(?:which|what) (?:journal|publication|venue|issue|volume|publisher)\b(?:.*\b(?:published|appeared|printed|from|in)| (?:is|was) (?:it|this|that)\b.*)$|\b(?:it|this|that|paper|article|study|chapter) (?:was |is )?(?:published|appeared) (?:in|by|where)\b|\bwhere (?:was|is) (?:it|this|the \w+) published\b|^(?:the |its |which |what )?journal$)/],
  ["year", /\b(?:when (?:was|is) (?:it|(?:this|that|the)(?: (?:paper|article|study|chapter))?) (?:published|written|out)|(?:what|which) year (?:was|is) (?:it|(?:this|that|the)(?: (?:paper|article|study|chapter))?) (?:published|written))\b/],
  ["title", /\b(?:what(?:'s| is) (?:the|its) title|title of (?:the|this) (?:paper|article|study|chapter)|what (?:is|was) (?:the|this) (?:paper|article|study|chapter) called)\b/],
  ["aims", /\b(?:research questions?|questions? (?:does|do|did) (?:the|this|it)|aims?|goals?|purpose|objectives?|(?:tr(?:y|ies|ying)|seeks?|sets? out) to (?:answer|explore|find|show|explain|understand))\b/],
  ["method", new RegExp(String.raw`\b(?:methods?|methodology|approach|sources?|data(?:set)?|evidence (?:does|do|did)|rel(?:y|ies|ied) on|based on what|how (?:did|do|does) (?:they|the authors?|it|the (?:paper|study|article)) (?:study|research|know|find|investigate)|${HOW_MEASURED})\b`)],
  // What a paper recommends it says where it concludes.
  ["findings", /\b(?:find(?:ings?|s)?|found|results?|conclu(?:de|des|ded|sion|sions)|show(?:s|ed)?|what did (?:they|the authors?) (?:learn|discover)|recommend(?:s|ed|ations?)?|suggest(?:s|ed|ions?)?|propos(?:e|es|ed|als?)|advi[sc]e[sd]?|implications?)\b/],
  ["contribution", /\b(?:contribut(?:e|es|ion|ions)|new|novel|add(?:s)? to|earlier (?:work|studies|research)|previous (?:work|studies|research)|literature|gap)\b/],
  ["limitations", /\b(?:limitations?|limits?|weakness(?:es)?|shortcomings?|caveats?|problems? with)\b/],
  ["future", /\b(?:future|next steps?|further (?:research|study|work)|going forward|what (?:will|might|could) happen)\b/],
  ["argument", /\b(?:argu(?:e|es|ed|ing|ment|ments)|thesis|claims?|main (?:point|idea|message|takeaway)|position|stance|(?:think|believe|say) (?:about|it|that)|key (?:point|message))\b/],
  // "Which dimensions does the article examine?": what a paper examines is what it is about.
  ["about", /\b(?:about|topic|subject|focus|gist|overview|tl;?dr|in a nutshell|in short|main idea|(?:examin|explor|investigat|discuss|analy[sz])\w*|cover(?:s|ed)?|address(?:es|ed)?|look(?:s|ed)? (?:at|into)|deal(?:s|t)? with)\b/],
];

const SUMMARY = /\b(?:summari[sz]e|sum up|summary of|recap|overview of|tl;?dr|gist of|what does the (.+?) section say|what is the (.+?) section about)\b/;
/** "the section 'Trade'", "the section on trade", else "the trade section". */
const SECTION_NAMED = [/\b(?:section|part|chapter)\s+["'](.+?)["']/, /\b(?:section|part|chapter) (?:on|about|called|titled|named|of) (?:the )?(.+)$/, /\b(?:the\s+)?(.+?)\s+(?:section|part|chapter)\b/];

/** Why and how questions ask for a reason or a mechanism, which a sentence gives with "because", "due to", "this is". */
const WHY = /^(?:why\b|how come\b|what (?:made|makes|led|leads|drove|drives|caused|causes|motivated|motivates|explains)\b|for what reason|what (?:is|was|were|are) the (?:reasons?|motives?|motivations?|causes?|rationale|drivers?)\b|how (?:did|does|do|has|have|can|could|is|are|was|were)\b(?! (?:much|many|long|old|far|big|large|often)))/;
const YES_NO = /^(?:do|does|did|is|are|was|were|has|have|had|can|could|will|would|should)\b/;
/** "Do the authors think it's mainly about Iran?", "is this paper mostly about Iran?": a check of the paper's own argument, answered from where it states it. */
const AUTHORS_VIEW = new RegExp(
  String.raw`^(?:(?:do|does|did|would)\s+${THE_PAPER}\s+(?:really\s+|actually\s+)?(?:think|argue|claim|believe|suggest|conclude|contend|maintain|consider)|(?:is|was)\s+${THE_PAPER}\s+(?:\w+\s+)?(?:about|arguing|saying|claiming))\b`,
);

/** A title quoted in the question ("the chapter 'Making data citeable'") names the paper, not a topic of it. */
const QUOTED_TITLE = /\b(paper|article|study|chapter|section|essay|book)\s+(["'])(?=\S)[^"']{3,}?\2/g;
/** "the chapter on research funding concludes…", "the paper about drones argue…": the topic names the paper, and the verb asks about it. */
const NAMED_BY_TOPIC = /\b(paper|article|study|chapter|essay)\s+(?:on|about)\s+(?<topic>(?:[\p{L}\p{N}'’-]+(?:\s+|$)){1,5}?)(?=(?:conclude|argue|find|found|say|show|claim|suggest|propose|recommend|discuss|examine)s?\b|(?:do|does|did)\b|$)/gu;

/** "the DataCite chapter", "the research funding paper": the topic said before the noun. */
const TOPIC_BEFORE = /\bthe\s+(?<topic>(?:(?!(?:the|of|in|on|a|an|this|that|which|what|whole|main|same|other|first|last|next|previous)\b)[\p{L}\p{N}'’-]+\s+){1,4})(paper|article|study|chapter|essay)\b/gu;

/** The words of a quoted title, or of the topic a paper is named by. */
function paperWordsOf(text: string): string[] {
  const quoted = [...text.matchAll(QUOTED_TITLE)].map((m) => m[0].replace(/^\S+\s+/, ""));
  const topics = [...text.matchAll(NAMED_BY_TOPIC), ...text.matchAll(TOPIC_BEFORE)].map((m) => m.groups!.topic!);
  return words([...quoted, ...topics].join(" "));
}

/** How a typed question often opens before it asks ("so how does…", "ok but why…", "hey, quick question: who…"). */
const OPENING_FILLER = /^(?:(?:so|ok(?:ay)?|um+|uh+|hmm+|hey|hi|hello|well|and|but|also|like|quick question|question|q|pls|please|btw|wait|right)\b[\s,:;.!-]*)+/;

export function analyseQuestion(raw: string): QuestionAnalysis {
  const typed = normalizeText(raw).replace(/[?!.]+\s*$/, "").trim();
  const analysis = classify(typed);
  const paperWords = analysis.intent === "help" ? [] : paperWordsOf(typed);
  return paperWords.length ? { ...analysis, paperWords } : analysis;
}

/** The intent of a question already normalised, its closing punctuation gone. */
function classify(typed: string): QuestionAnalysis {
  const typedQ = typed.replace(QUOTED_TITLE, "$1");
  const ws = words(typedQ);
  if (ws.length > 0 && (ws.every((w) => CHAT_WORDS.has(w)) || (ABOUT_THE_BOT.test(typedQ) && !PAPER_NOUN.test(typedQ)))) return { intent: "help" };
  const asked = typed.replace(OPENING_FILLER, "") || typed;
  const q = asked.replace(QUOTED_TITLE, "$1").replace(NAMED_BY_TOPIC, "$1 ").replace(TOPIC_BEFORE, "the $2");
  const summary = SUMMARY.exec(asked);
  if (summary) {
    const rest = asked.slice(summary.index);
    const named = summary[1] ?? summary[2] ?? SECTION_NAMED.map((re) => re.exec(rest)?.[1]).find(Boolean) ?? rest.slice(summary[0].length);
    const sectionWords = words(named.replace(/^(?:summari[sz]e|sum up|summary of|recap|overview of|the)\s+/g, "")).filter((w) => !isStopword(w) && !PAPER_NOUN.test(w));
    if (sectionWords.length && /\b(?:section|part|chapter)\b/.test(asked)) return { intent: "paper-level", facet: "summary", sectionWords };
    // "Summarise the conclusion" names a section without saying "section": its heading if the paper has one, else that side of the paper.
    const facet = FACETS.find(([f, re]) => !isMetadataFacet(f) && re.test(named))?.[0] ?? "about";
    return sectionWords.length ? { intent: "paper-level", facet, sectionWords } : { intent: "paper-level", facet };
  }
  if (AUTHORS_VIEW.test(q)) return { intent: "paper-level", facet: "argument", yesNo: true };
  // "What's the main argument?" names nothing but the facet: it can only be about the paper.
  const bare = words(q).filter((w) => !isStopword(w) && !/^(?:what|when|where|who|which|why|how)s?$/.test(w)).length <= 2;
  const aboutPaper = new RegExp(String.raw`\b${THE_PAPER}\b|\b(?:paper|article|study|chapter)\b`).test(q) || /\b(?:they|authors?)\b/.test(q) || bare;
  // "Why is the lack of data a problem, according to the chapter?" asks for a reason, not for the chapter's method.
  const why = WHY.test(q);
  // "How much did scientists raise through the Open Source Science Project for the study?" asks for an amount, not for the paper's sources.
  const kind = answerKind(q);
  const asksForValue = kind !== "other" && kind !== "name" && kind !== "person";
  if (aboutPaper && !(why && topicWords(q).length > 1 && !new RegExp(String.raw`\b${HOW_MEASURED}\b`).test(q))) {
    for (const [facet, re] of FACETS) {
      const named = re.exec(q);
      if (!named) continue;
      if (asksForValue && !isMetadataFacet(facet)) break;
      // "What does the paper say about oil?" asks about oil, not about the paper as a whole; a topic
      // before the facet is what is asked of it ("which dimensions of the cooperation does it examine?").
      if (TOPIC_NARROWS.has(facet) && hasTopicAfter(q.slice(named.index))) break;
      return { intent: "paper-level", facet };
    }
  }
  if (why) return { intent: "why" };
  if (YES_NO.test(q)) return { intent: "yes-no", yesNo: true };
  return { intent: "factoid" };
}

const QUESTION_WORD = /^(?:what|when|where|who|whom|whose|which|why|how)$/;

/** Sides of a paper that a topic after them narrows to a question about that topic. */
const TOPIC_NARROWS = new Set<Facet>(["about", "aims", "method", "argument", "findings", "contribution", "limitations", "future"]);

/** Words that say how or of what a question asks, not what about. */
const NOT_A_TOPIC = /^(?:the|this|that|it|whole|entire|paper|article|study|chapter|text|authors?|overall|mainly|mostly|really|in|short|general|a|nutshell|brief|briefly|here|basically|exactly|say|says)$/;

/** "…about oil and gas?" names a topic of its own; "…about?" or "…about in short?" does not. */
function hasTopicAfter(q: string): boolean {
  const tail = /\b(?:about|on|regarding|concerning|of|that|in)\s+(.+)$/.exec(q)?.[1];
  return !!tail && topicWords(tail).length > 0;
}

function topicWords(text: string): string[] {
  return words(text).filter((w) => !isStopword(w) && !NOT_A_TOPIC.test(w) && !QUESTION_WORD.test(w));
}

/** "What about gas?", "and in 2012?", "why did they?": a turn that leans on the question before it. */
// "They" is most often the authors ("what did they find?"), so it is no cue by itself.
const FOLLOW_UP_CUE = /^(?:and|but|so|also|what about|how about|what of|and what about|same for|then)\b|\b(?:it|its|that|this|those|these|he|she|him|her|there)\b/;

/**
 * Whether a short question is a follow-up to be read with the one before it, rather than a new
 * question that happens to be short ("Who painted the Mona Lisa?", "whats peerj"): it says so with
 * a cue or a pronoun ("this chapter" is the one just discussed), it names nothing of its own
 * ("why?"), or it is a fragment that asks nothing ("gas?", "in 2012?").
 */
export function isFollowUp(question: string): boolean {
  const q = normalizeText(question).trim();
  const ws = words(q);
  if (ws.length > 6) return false;
  const topic = ws.filter((w) => !isStopword(w) && !QUESTION_WORD.test(w));
  return FOLLOW_UP_CUE.test(q) || topic.length === 0 || (!ws.some((w) => QUESTION_WORD.test(w)) && topic.length <= 2);
}
