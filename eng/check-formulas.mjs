// Renders every formula of every course notebook (notebooks/NN-*.ipynb) with the vendored KaTeX and
// throwOnError: a formula KaTeX cannot parse fails CI, naming the notebook, the cell and the formula.
// Formulas are found as the pages find them: $$…$$ and $…$ in markdown cells, outside fenced code and code spans.
// Usage: node eng/check-formulas.mjs [X.ipynb ...]   check the named notebooks, or all notebooks/NN-*.ipynb
//        node eng/check-formulas.mjs --count X.ipynb   print only how many formulas a page of X shows (for check-offline-html.sh)
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const katex = createRequire(import.meta.url)(path.join(root, "src/Backprop.Runner/Vendor/katex/katex.min.js"));

// shownOnly: leave out HTML comments (a solution region's QUESTION), which a page of this notebook does not show;
// the full check renders them too, because the homework release shows each QUESTION in their place.
export function formulas(notebookPath, shownOnly = false) {
  const cells = JSON.parse(fs.readFileSync(notebookPath, "utf8")).cells;
  const found = [];
  cells.forEach((cell, index) => {
    if (cell.cell_type !== "markdown") return;
    let text = [].concat(cell.source).join("");
    if (shownOnly) text = text.replace(/<!--[\s\S]*?-->/g, "");
    text = text.replace(/^```[\s\S]*?^```/gm, "").replace(/`[^`\n]+`/g, "");
    for (const m of text.matchAll(/\$\$([\s\S]+?)\$\$/g)) found.push({ cell: index + 1, tex: m[1], display: true });
    text = text.replace(/\$\$[\s\S]+?\$\$/g, "");
    for (const m of text.matchAll(/\$((?:[^$\n]|\n(?!\n))+?)\$/g)) found.push({ cell: index + 1, tex: m[1], display: false });
  });
  return found;
}

const args = process.argv.slice(2);
if (args[0] === "--count") {
  console.log(formulas(args[1], true).length);
  process.exit(0);
}

const folder = path.join(root, "notebooks");
const notebooks = args.length > 0
  ? args.map((a) => path.resolve(a))
  : fs.readdirSync(folder).filter((n) => /^\d\d-.*\.ipynb$/.test(n)).sort().map((n) => path.join(folder, n));
let failures = 0, total = 0;
for (const file of notebooks) {
  const name = path.basename(file);
  const list = formulas(file);
  for (const f of list) {
    try {
      katex.renderToString(f.tex, { displayMode: f.display, throwOnError: true, strict: "error" });
    } catch (e) {
      failures++;
      console.log(`check-formulas: FAIL ${name} cell ${f.cell}: ${e.message}\n    ${f.tex.trim()}`);
    }
  }
  total += list.length;
  console.log(`check-formulas: ${name}: ${list.length} formulas`);
}
if (notebooks.length === 0) { console.log("check-formulas: FAIL: no notebooks/NN-*.ipynb found"); process.exit(1); }
console.log(failures ? `check-formulas: ${failures} of ${total} formulas do not render` : `check-formulas: all ${total} formulas render`);
process.exit(failures ? 1 : 0);
