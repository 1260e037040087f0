/** The little of citation-js used here (the packages ship no type declarations). */
declare module "@citation-js/core" {
  export class Cite {
    constructor(data: unknown);
    format(format: "bibtex" | "biblatex", options?: Record<string, unknown>): string;
  }
}
declare module "@citation-js/plugin-bibtex";
