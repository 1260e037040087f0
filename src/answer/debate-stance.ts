/**
 * Which side of a motion a sentence argues, read from the sentence's own wording: whether it
 * asserts the motion's claim, or concedes it, negates it, denies that it is the whole story, or
 * gives another reason for the motion's subject. Pure text functions; no retrieval here.
 */
import type { Span } from "../ingest/sentences.js";
import { sameRoot, terms } from "../ingest/terms.js";

export type Side = "for" | "against";

export interface Motion {
  /** The motion without its degree words, to search and score by: "mainly" says how strongly, not what about. */
  query: string;
  /** What the motion is about ("Azerbaijan's partnership with Israel"); empty when it cannot be told apart. */
  subject: string;
  subjectTerms: string[];
  /** What it says of the subject ("Iran" in "… is mainly about Iran"), without degree words. */
  claimTerms: string[];
  /** The motion says "mainly", "only", "above all": a sentence denying exclusivity then argues against it. */
  primacy: boolean;
}

export type SignalKind = "claim" | "emphasis" | "contrast" | "concession" | "negation" | "exclusivity" | "dispute" | "other voice" | "rationale";

/** A reason a sentence landed on its side; `text` is the sentence's own words that showed it. */
export interface Signal {
  kind: SignalKind;
  text: string;
}

export interface Verdict {
  side: Side;
  signals: Signal[];
  /** The part of the sentence that carries the verdict, which its tag is cut from (offsets into the sentence). */
  clause: Span;
  /** The words that decided it, which the tag keeps. */
  focus?: Span;
}

/** Where the claim begins: the first verb or degree adverb after some words of subject. */
const CLAIM_START = /\b(?:is|are|was|were|has|have|had|will|would|should|must|can|could|may|might|does|do|did|mainly|mostly|primarily|chiefly|largely|principally|predominantly|only|solely|exclusively|because)\b/gi;
const PRIMACY = /\b(?:mainly|mostly|primarily|chiefly|largely|principally|predominantly|only|solely|exclusively|above all|main|primary|principal|chief|sole)\b/gi;

export function parseMotion(motion: string): Motion {
  const query = motion.replace(PRIMACY, " ").replace(/\s+/g, " ").trim() || motion;
  for (const m of motion.matchAll(CLAIM_START)) {
    const subject = motion.slice(0, m.index).trim();
    const subjectTerms = terms(subject);
    if (subjectTerms.length === 0) continue;
    return { query, subject, subjectTerms, ...claimOf(motion.slice(m.index)) };
  }
  // No verb to split at ("Pineapple on pizza"): the whole motion is the claim.
  return { query, subject: "", subjectTerms: [], ...claimOf(motion) };
}

/** "Israeli" stems to "isra", "Iranian" to "iranian": a shared stem of four letters or more counts as the same word. */
const MIN_SHARED_STEM = 4;

function claimOf(text: string): Pick<Motion, "claimTerms" | "primacy"> {
  const content = terms(text.replace(PRIMACY, " "));
  return { claimTerms: content.length ? content : terms(text), primacy: (text.match(PRIMACY) ?? []).length > 0 };
}


/** The share of `wanted` terms that the text mentions. */
function share(text: string, wanted: string[]): number {
  if (wanted.length === 0) return 0;
  const own = terms(text);
  return wanted.filter((w) => own.some((t) => sameRoot(t, w, MIN_SHARED_STEM))).length / wanted.length;
}

function mentions(text: string, wanted: string[]): boolean {
  return share(text, wanted) > 0;
}

interface Clause extends Span {
  /** A conceded clause ("Although X, …", "not only X", "rather than X") is granted or set aside, not argued. */
  role: "asserted" | "conceded";
}

/* Contrast and concession markers, by where they sit and which side of them the sentence argues. */
const FRONTED_CONCESSION = /^(?:(?:However|Thus|Yet|And|But|So|Therefore),?\s+)?(?:Although|Though|Even though|Even if|While|Whilst|Whereas|Despite|In spite of|Notwithstanding)\b/;
const MID_CONCESSION = /(?:,|\bthat)\s+(despite|in spite of|although|though|even though)\b/i;
const ADVERSATIVE = /[,;]\s+(?:but|yet|whereas|however,)\s+(?!also\b)/i;
const NOT_ONLY = /\bnot only\b.*?(?=,?\s+but\b)/i;
const RATHER = /\b(?:rather than|instead of)\b[^,;]*/i;
const OPENING_CONTRAST = /^(?:However|Nevertheless|Nonetheless|Yet|Still|In contrast|By contrast|On the other hand|Conversely|Instead|Even so)\b/;

/** The sentence cut into what it asserts and what it concedes, from its contrast markers; one clause when it has none. */
function clauses(sentence: string): Clause[] {
  const whole = (): Clause[] => [{ start: 0, end: sentence.length, role: "asserted" }];
  const split = (start: number, end: number): Clause[] =>
    [
      { start: 0, end: start, role: "asserted" as const },
      { start, end, role: "conceded" as const },
      { start: end, end: sentence.length, role: "asserted" as const },
    ].map(trimClause(sentence)).filter((c) => c.end > c.start);

  if (FRONTED_CONCESSION.test(sentence)) {
    const main = mainClauseStart(sentence, 0);
    return main === undefined ? whole() : split(0, main);
  }
  const mid = MID_CONCESSION.exec(sentence);
  if (mid) {
    const from = mid.index + mid[0].length - mid[1]!.length;
    const main = mainClauseStart(sentence, from);
    if (main !== undefined) return split(from, main);
  }
  const adversative = ADVERSATIVE.exec(sentence);
  if (adversative && !/\bnot only\b/i.test(sentence.slice(0, adversative.index))) return split(0, adversative.index + adversative[0].length);
  for (const pattern of [NOT_ONLY, RATHER]) {
    const m = pattern.exec(sentence);
    if (m) return split(m.index, m.index + m[0].length);
  }
  return whole();
}

function trimClause(sentence: string) {
  return (c: Clause): Clause => {
    let { start, end } = c;
    while (start < end && /[\s,;:]/.test(sentence[start]!)) start++;
    while (end > start && /[\s,;:]/.test(sentence[end - 1]!)) end--;
    return { ...c, start, end };
  };
}

/** A clause that could stand alone: it opens with a subject and has a verb. */
const SUBJECT_OPENING = /^(?:the|this|these|those|a|an|its|their|his|her|our|numerous|many|some|several|most|much|both|each|every|all|such|it|they|we|he|she|there|\p{Lu}[\p{L}’'-]*)\s/u;
const HAS_VERB = /\b(?:is|are|was|were|be|been|has|have|had|do|does|did|will|would|can|cannot|could|may|might|must|should|shall)\b|\b\p{L}{3,}(?:ed|es)\b/u;

/**
 * Where the main clause begins after a concession opened at `from`: after the last comma that is
 * followed by a clause able to stand alone. Commas inside the concession ("it appears that, often
 * discrete and covert, the relations …") come earlier, so the last such comma is the likeliest.
 */
function mainClauseStart(sentence: string, from: number): number | undefined {
  let found: number | undefined;
  for (const m of sentence.slice(from).matchAll(/,\s+/g)) {
    const at = from + m.index + m[0].length;
    const rest = sentence.slice(at);
    if (SUBJECT_OPENING.test(rest) && HAS_VERB.test(rest)) found = at;
  }
  return found ?? firstComma(sentence, from);
}

function firstComma(sentence: string, from: number): number | undefined {
  const i = sentence.indexOf(",", from);
  return i < 0 ? undefined : i + 1;
}

/* What the sentence signals, in its own words. */
const EXCLUSIVITY_DENIED = /\b(?:cannot|can ?not|could not|should not|must not|need not)\s+(?:\w+\s+)?(?:only|solely|merely|just|exclusively)\b|\bnot (?:solely|merely|just|exclusively|simply)\b|\bsole (?:explanation|reason|cause|factor|driver)\b|\bsimplistic\b|\bbeyond the (?:issue|question|realm) of\b/i;
const DISPUTE = /\b(?:little|no|lack of) (?:agreement|consensus)\b/i;
const OTHER_VOICE = /\b(?:some|other|many|several) (?:scholars|analysts|authors|observers|experts|studies|researchers)\b|\bothers (?:argue|contend|claim|suggest)\b|\baccording to\b|\bin \p{Lu}\p{L}+[’']s (?:argument|view)\b|\b\p{Lu}\p{L}+ (?:argues|argued|contends|contended|claims|claimed|hypothesi[sz]ed|maintains|suggests|suggested)\b/u;
const EMPHASIS = /\b(?:mainly|primarily|chiefly|largely|predominantly|(?:most )?importantly|important|above all|foremost|main|major|primary|key|central|centrality|crucial|vital|essential|paramount|tremendous|particularly strong|heavily|undoubtedly|significant)\b/gi;
/** Emphasis counts for the claim only this close to one of its words (characters). */
const EMPHASIS_REACH = 80;
/** Words that give a reason or a driver: with the subject and without the claim, an alternative explanation. */
const RATIONALE = /\b(?:important|importance|crucial|vital|essential|paramount|advantageous|beneficial|benefits?|incentives?|stimul(?:us|i|ates?)|motives?|motivat\w+|drivers?|because|due to|enabled?|helps?|rationale|contributed|asset)\b/i;
const TOKEN = /[\p{L}\p{N}][\p{L}\p{N}’'-]*/gu;
const NEGATION = /^(?:not|no|never|cannot|can['’]t|unlikely|neither|nor|without|hardly|little)$/i;
/** How many words before the claim's word a negation still bears on it ("not openly directed against Iran"). */
const NEGATION_REACH = 6;

interface Match extends Span {
  text: string;
}

/** The first match of a (non-global) pattern, with its offsets. */
function matchAt(pattern: RegExp, text: string): Match | undefined {
  const m = pattern.exec(text);
  return m ? { start: m.index, end: m.index + m[0].length, text: m[0] } : undefined;
}

/**
 * The sentence's side of the motion, or undefined when it takes none. Against: the claim is
 * denied to be the whole story, disputed, negated or only conceded, or the sentence gives the
 * subject another reason. For: it asserts the claim, about the subject, without any of that.
 */
export function judge(sentence: string, motion: Motion): Verdict | undefined {
  const parts = clauses(sentence);
  const asserted = parts.filter((c) => c.role === "asserted");
  const main = longest(asserted.length ? asserted : parts);
  // A claim of several words is made only by a sentence holding at least half of them.
  const claimed = (c: Span) => share(sentence.slice(c.start, c.end), motion.claimTerms) >= 0.5;
  const context = contextSignals(sentence);
  const against = (clause: Span, signal: Signal | undefined, focus?: Span): Verdict => ({
    side: "against",
    clause,
    ...(focus ? { focus } : {}),
    signals: [...(signal ? [signal] : []), ...context],
  });

  if (!claimed({ start: 0, end: sentence.length })) {
    // Another reason for the subject: a word of cause or benefit, or a sentence set against the one before.
    const rationale = matchAt(RATIONALE, sentence);
    const subject = share(sentence, motion.subjectTerms);
    if ((rationale && subject >= 0.5) || (context.some((c) => c.kind === "contrast") && subject > 0)) {
      return against(main, rationale && { kind: "rationale", text: rationale.text }, rationale);
    }
    return undefined;
  }
  const denial = motion.primacy ? matchAt(EXCLUSIVITY_DENIED, sentence) : undefined;
  if (denial) return against(parts.find((c) => c.start <= denial.start && denial.start < c.end) ?? main, { kind: "exclusivity", text: denial.text }, denial);
  const dispute = matchAt(DISPUTE, sentence);
  if (dispute) return against(main, { kind: "dispute", text: dispute.text }, dispute);
  for (const clause of asserted) {
    const negation = negationOfClaim(sentence, clause, motion.claimTerms);
    if (negation) return against(clause, { kind: "negation", text: negation.text }, negation);
  }
  const clause = asserted.find(claimed);
  if (!clause) {
    const conceded = parts.find((c) => c.role === "conceded" && claimed(c));
    return conceded && against(main, { kind: "concession", text: sentence.slice(conceded.start, conceded.end).split(/\s+/).slice(0, 3).join(" ") });
  }
  if (motion.subjectTerms.length && share(sentence, motion.subjectTerms) < 0.5) return undefined;
  const claim = claimWords(sentence, clause, motion.claimTerms)[0];
  const emphasis = claim && [...sentence.slice(clause.start, clause.end).matchAll(EMPHASIS)].find((m) => Math.abs(clause.start + m.index - claim.start) <= EMPHASIS_REACH);
  return {
    side: "for",
    clause,
    ...(claim ? { focus: claim } : {}),
    signals: [...(claim ? [{ kind: "claim" as const, text: claim.text }] : []), ...(emphasis ? [{ kind: "emphasis" as const, text: emphasis[0] }] : [])],
  };
}

function longest(spans: Span[]): Span {
  return spans.reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a));
}

/** A sentence set against the one before ("In contrast,") or giving another author's view ("Shaffer argues"). */
function contextSignals(sentence: string): Signal[] {
  const contrast = matchAt(OPENING_CONTRAST, sentence);
  const voice = matchAt(OTHER_VOICE, sentence);
  return [...(contrast ? [{ kind: "contrast" as const, text: contrast.text }] : []), ...(voice ? [{ kind: "other voice" as const, text: voice.text }] : [])];
}

/** The words of the clause that say the claim, with their offsets in the sentence. */
function claimWords(sentence: string, clause: Span, claimTerms: string[]): Match[] {
  return [...sentence.slice(clause.start, clause.end).matchAll(TOKEN)]
    .filter((m) => mentions(m[0], claimTerms))
    .map((m) => ({ start: clause.start + m.index, end: clause.start + m.index + m[0].length, text: m[0] }));
}

/** A negating word shortly before a word of the claim; "not only" widens the claim rather than negating it. */
function negationOfClaim(sentence: string, clause: Span, claimTerms: string[]): Match | undefined {
  const tokens = [...sentence.slice(clause.start, clause.end).matchAll(TOKEN)];
  for (const [i, token] of tokens.entries()) {
    if (!mentions(token[0], claimTerms)) continue;
    const near = tokens.slice(Math.max(0, i - NEGATION_REACH), i);
    const negation = near.find((w, j) => NEGATION.test(w[0]) && !(/^not$/i.test(w[0]) && /^only$/i.test(near[j + 1]?.[0] ?? "")));
    if (negation) return { start: clause.start + negation.index, end: clause.start + negation.index + negation[0].length, text: negation[0] };
  }
  return undefined;
}
