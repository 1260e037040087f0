/** The sorted string table the indexes keep their vocabularies in. */
import { expect, it } from "vitest";
import { StringTable } from "../src/indexes/string-table.js";

const table = StringTable.sorted(["turkish", "iran", "turkey", "azerbaijan", "türkiye", "israel"]);

it("finds each string of a sorted table, and nothing else", () => {
  for (const s of ["azerbaijan", "iran", "israel", "turkey", "turkish", "türkiye"]) expect(table.get(table.find(s))).toBe(s);
  for (const s of ["", "a", "ira", "turk", "zz"]) expect(table.find(s)).toBe(-1);
  expect(StringTable.sorted([]).find("iran")).toBe(-1);
});

it("lists the strings that start with a prefix, in order", () => {
  expect(table.withPrefix("tur")).toEqual(["turkey", "turkish"]);
  expect(table.withPrefix("i")).toEqual(["iran", "israel"]);
  expect(table.withPrefix("azerbaijan")).toEqual(["azerbaijan"]);
  expect(table.withPrefix("q")).toEqual([]);
  expect(table.withPrefix("")).toHaveLength(6);
});
