// French formatting shared by the pages' scripts, as built.
import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { pathToFileURL } from "node:url";

const site = process.env.RSE_SITE_DIR;
if (!site) throw new Error("RSE_SITE_DIR : chemin du site construit (python -m generator build --site-dir …)");
const fr = await import(pathToFileURL(path.join(site, "assets/javascripts/fr.js")).href);

const NNBSP = "\u202f";

describe("French formatting", () => {
  it("plurals: singular below 2", () => {
    assert.deepEqual([0, 1, 1.5, 2, -1].map((n) => fr.plural(n, "point")), ["point", "point", "point", "points", "point"]);
    assert.equal(fr.counted(10033, "entreprise"), `10${NNBSP}033 entreprises`);
    assert.equal(fr.counted(1, "page", fr.NBSP), `1${fr.NBSP}page`);
  });

  it("dates: the generator's « 1er » for ISO days, Intl's long date for a Date", () => {
    assert.equal(fr.dayText("2026-03-01"), "1er mars 2026");
    assert.equal(fr.dayText("2027-12-25"), "25 décembre 2027");
    const long = new Intl.DateTimeFormat("fr-FR", { day: "numeric", month: "long", year: "numeric" });
    for (let month = 0; month < 12; month++) {
      for (const day of [1, 2, 28]) {
        const date = new Date(2026, month, day, 12);
        assert.equal(fr.dateText(date), long.format(date));
      }
    }
  });
});
