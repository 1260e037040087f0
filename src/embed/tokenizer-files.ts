/**
 * The Hugging Face files (tokenizer.json, tokenizer_config.json, config.json) that let
 * transformers.js load the word-embedding model as if it were a BERT encoder.
 */

export const SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] as const;
const [PAD, UNK, CLS, SEP, MASK] = SPECIAL_TOKENS;
const MAX_LENGTH = 512;

/**
 * True for words the BERT normaliser and pre-tokeniser can emit whole: lowercase letters and
 * digits only (punctuation is split off) and no accents (they are stripped). Other GloVe
 * entries such as "u.s." or "café" could never be looked up.
 */
export function isBertWord(word: string): boolean {
  return /^[\p{Ll}\p{Nd}]+$/u.test(word) && word.normalize("NFD") === word;
}

/** The full vocabulary: special tokens first (ids 0-4), then `words` in order. */
export function vocabulary(words: readonly string[]): string[] {
  return [...SPECIAL_TOKENS, ...words];
}

export function tokenizerJson(vocab: readonly string[]): string {
  const ids = new Map(vocab.map((token, id) => [token, id]));
  const idOf = (token: string) => ids.get(token)!;
  const special = (token: string) => ({ SpecialToken: { id: token, type_id: 0 } });
  return JSON.stringify({
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content) => ({
      id: idOf(content),
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: { type: "BertNormalizer", clean_text: true, handle_chinese_chars: true, strip_accents: true, lowercase: true },
    pre_tokenizer: { type: "BertPreTokenizer" },
    post_processor: {
      type: "TemplateProcessing",
      single: [special(CLS), { Sequence: { id: "A", type_id: 0 } }, special(SEP)],
      pair: [special(CLS), { Sequence: { id: "A", type_id: 0 } }, special(SEP), { Sequence: { id: "B", type_id: 1 } }, { SpecialToken: { id: SEP, type_id: 1 } }],
      special_tokens: Object.fromEntries([CLS, SEP].map((token) => [token, { id: token, ids: [idOf(token)], tokens: [token] }])),
    },
    decoder: { type: "WordPiece", prefix: "##", cleanup: true },
    model: {
      type: "WordPiece",
      unk_token: UNK,
      continuing_subword_prefix: "##",
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(ids),
    },
  });
}

export function tokenizerConfigJson(): string {
  return JSON.stringify(
    {
      tokenizer_class: "BertTokenizer",
      do_lower_case: true,
      strip_accents: null,
      tokenize_chinese_chars: true,
      model_max_length: MAX_LENGTH,
      clean_up_tokenization_spaces: true,
      pad_token: PAD,
      unk_token: UNK,
      cls_token: CLS,
      sep_token: SEP,
      mask_token: MASK,
    },
    null,
    2,
  );
}

/** A BERT config with no transformer layers: the model is the embedding lookup alone. */
export function modelConfigJson(vocabSize: number, hiddenSize: number): string {
  return JSON.stringify(
    {
      architectures: ["BertModel"],
      model_type: "bert",
      vocab_size: vocabSize,
      hidden_size: hiddenSize,
      num_hidden_layers: 0,
      num_attention_heads: 1,
      max_position_embeddings: MAX_LENGTH,
      type_vocab_size: 1,
      pad_token_id: 0,
      "transformers.js_config": { dtype: "fp32" },
    },
    null,
    2,
  );
}
