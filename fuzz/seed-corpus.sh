#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ from the repository's fixtures and demo site and, when it is
# there, the shared extraction corpus (pass its folder as $1; only files under 64 KB are
# taken). The committed `seed-*` files stay; what this adds is git-ignored.
set -euo pipefail
cd "$(dirname "$0")"
repo=..
shared=${1:-}
python3 - "$repo" "$shared" <<'PY'
import glob, hashlib, os, sys
repo, shared = sys.argv[1], sys.argv[2]
def put(target, data, name=None):
    os.makedirs(f"corpus/{target}", exist_ok=True)
    name = name or "c-" + hashlib.sha1(data).hexdigest()[:16]
    with open(f"corpus/{target}/{name}", "wb") as f:
        f.write(data)
def read(p):
    with open(p, "rb") as f:
        return f.read()
fmt = {"txt": 0, "md": 1, "markdown": 2, "html": 3, "htm": 3, "mhtml": 4, "mht": 4}
seeds = glob.glob(f"{repo}/seeds/*") + glob.glob(f"{repo}/tests/fixtures/*/seeds/*")
seeds += glob.glob(f"{repo}/tests/fixtures/extraction/*/*/source.*")
if shared:
    seeds += [p for p in glob.glob(f"{shared}/*/*/source.*") + glob.glob(f"{shared}/*/*/*.txt")
              if os.path.getsize(p) < 65536]
for p in seeds:
    ext = p.rsplit(".", 1)[-1]
    if ext in fmt:
        put("seed_extract", bytes([fmt[ext]]) + read(p))
for ann in glob.glob(f"{repo}/content/annotations/*.yaml") + glob.glob(f"{repo}/tests/fixtures/*/content/annotations/*.yaml"):
    site = os.path.dirname(os.path.dirname(os.path.dirname(ann)))
    stem = os.path.basename(ann)[:-5]
    for seed in glob.glob(f"{site}/seeds/{stem}.*"):
        put("annotate", read(ann) + b"\n===\n" + read(seed))
for cfg in glob.glob(f"{repo}/briefgen.yaml") + glob.glob(f"{repo}/tests/fixtures/*/briefgen.yaml") + glob.glob(f"{repo}/starter/*.yaml"):
    put("config", read(cfg))
for md in glob.glob(f"{repo}/docs/*.md") + glob.glob(f"{repo}/content/pages/*.md") + [f"{repo}/README.md"]:
    text = read(md)
    for k, chunk in enumerate(text.split(b"\n\n")[:200]):
        if chunk.strip():
            put("note_markdown", chunk)
    put("search_tokens", text[:4096])
PY
echo "corpus: $(for t in corpus/*; do printf '%s=%s ' "${t#corpus/}" "$(ls "$t" | wc -l)"; done)"
