/** How a citation reads in replies and in the moderation log. */
import { shorten } from "./markdown.js";
import { citationLabel, type Citation } from "../../engine-api.js";

/** A title or heading read from a PDF can run to paragraphs; a citation stays one short line. */
const TITLE_LENGTH = 100;
const SECTION_LENGTH = 100;

/** The engine's label ("Title", § Section, ¶ n), with an over-long title or heading shortened. */
export function citationText(c: Citation): string {
  return citationLabel({ ...c, paper: shorten(c.paper, TITLE_LENGTH), section: shorten(c.section, SECTION_LENGTH) });
}
