/**
 * A question as it is typed in chat, spelt out: contractions written without the apostrophe
 * ("whats", "whos", "dont") and the common chat spellings of question words and pronouns ("y",
 * "wat", "r", "u"). The question words decide what is asked ("whos" asks for a person, "y" for a
 * reason), so they are read before anything else; the reply still shows the question as typed.
 */
const SPELLED_OUT: Record<string, string> = {
  whats: "what is",
  whos: "who is",
  wheres: "where is",
  whens: "when is",
  hows: "how is",
  whys: "why is",
  thats: "that is",
  dont: "do not",
  doesnt: "does not",
  didnt: "did not",
  isnt: "is not",
  arent: "are not",
  wasnt: "was not",
  werent: "were not",
  cant: "cannot",
  wont: "will not",
  y: "why",
  wat: "what",
  wut: "what",
  wht: "what",
  wen: "when",
  whn: "when",
  whr: "where",
  hw: "how",
  r: "are",
  u: "you",
  ur: "your",
  abt: "about",
  bc: "because",
  cuz: "because",
  thru: "through",
  tho: "though",
  govt: "government",
  ppl: "people",
};

const TOKEN = /(?<![\p{L}\p{N}'’])\p{L}+(?![\p{L}\p{N}'’])/gu;

export function spelledOut(question: string): string {
  return question.replace(TOKEN, (word) => {
    // Only a word typed in lower case: "R" or "U" may be a name, "Cant" a title.
    if (word !== word.toLowerCase()) return word;
    return SPELLED_OUT[word] ?? word;
  });
}
