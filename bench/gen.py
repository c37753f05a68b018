#!/usr/bin/env python3
"""Generate a synthetic briefgen site of N annotated briefs, deterministically.

Usage: bench/gen.py N OUT_DIR [--shape old|new] [--seed S] [--hugo HUGO_DIR]

The site has N seeds in every supported format (plain-text scrapes with site furniture,
Markdown clippings, Markdown with front matter, saved HTML pages with navigation, a byline,
a related list and a footer), one annotation per seed (3-6 tags, 2-5 notes anchored to
exact quotes, fact-checks with verdicts, reported events), a vocabulary of entities with
aliases, outlets, background events and stories of 2-5 outlets. The same N, shape and seed
always give the same files.

Two shapes (`--shape`, default `new`):

- `old`: the corpus of bench/README.md up to 2026-12 (kept byte for byte, so figures stay
  comparable): articles of 5-12 paragraphs (about 380 words), 300 entities, each article about
  6 of them, 1-3 events per brief, a quarter of the seeds saved HTML pages of 2-3 KB.
- `new`: what real sites have: article length drawn from 300-1,500 words (mode 500, mean about
  790), 1,000 entities of which a few are in the news far more than the rest (so entity
  listings run to many pages), each article about 6-20 of them, 2-5 notes, 2-5 events per
  brief, and a third of the seeds saved HTML pages with a publisher's furniture (inline
  scripts and styles, menus, related links, comments: 20-40 KB each).

With --hugo, the same articles are also written as a Hugo site (one page per article with
its tags, plus a timeline page listing every event), for a side-by-side measurement.
"""
import argparse
import bisect
import itertools
import html
import os
import random
import shutil

ENTITIES = 300
NEW_ENTITIES = 1000
OUTLETS = 40
TAGS = 50
SYLLABLES = "ka lo mi ra ne su ta vo ri an el or ba di gu ze ho pa li mo".split()
CITIES = "Paris Damascus Seoul Nairobi Lima Oslo Cairo Quito Hanoi Accra Riga Tunis".split()
MONTHS = "January February March April May June July August September October November December".split()
VERDICTS = ["true", "mostly-true", "mixed", "misleading", "mostly-false", "false", "unproven"]
VERBS = "said announced warned denied confirmed argued reported insisted suggested noted".split()
OBJECTS = [
    "the talks would resume within weeks",
    "the budget for reconstruction had doubled",
    "the ceasefire was holding in most districts",
    "aid convoys had reached the northern towns",
    "the election results would be contested",
    "the new law would take effect next year",
    "negotiators were close to an agreement",
    "the offensive had stalled near the river",
]


def word(r, n=None):
    return "".join(r.choice(SYLLABLES) for _ in range(n or r.randint(2, 3)))


def cap(s):
    return s[:1].upper() + s[1:]


def make_entities(r, count=ENTITIES):
    """Persons (alias: surname), places (alias: variant spelling), organisations (acronym)."""
    out = []
    for i in range(count):
        kind = ("person", "place", "organisation")[i % 3]
        if kind == "person":
            first, last = cap(word(r)), cap(word(r, 3))
            name, aliases = f"{first} {last}", [last]
        elif kind == "place":
            base = cap(word(r, 3))
            name, aliases = base, [base[:-1] + ("a" if base[-1] != "a" else "o")]
        else:
            parts = [cap(word(r)) for _ in range(3)]
            name = " ".join(parts) + " Council"
            aliases = ["".join(p[0] for p in parts) + "C"]
        out.append({"id": f"ent-{i:03d}" if count <= 1000 else f"ent-{i:04d}", "name": name, "kind": kind, "aliases": aliases})
    return out


def yq(s):
    """A YAML double-quoted string."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def sentence(r, ents, serial):
    e1, e2 = r.sample(ents, 2)
    n = r.randint(2, 9999)
    templates = [
        f"{e1['name']} {r.choice(VERBS)} that {r.choice(OBJECTS)}, citing {n:,} cases recorded since the spring.",
        f"According to {e2['aliases'][0]}, {r.choice(OBJECTS)}, a claim {e1['name']} disputed on day {serial}.",
        f"Officials in {e1['name']} {r.choice(VERBS)} on Tuesday that {r.choice(OBJECTS)} after meeting {e2['name']}.",
        f"The figure of {n:,} people was {r.choice(VERBS)} by {e2['name']}, who visited {e1['aliases'][0]} in week {serial}.",
    ]
    return r.choice(templates)


def article(r, ents, i):
    """Title, paragraphs (lists of sentences) and the entities the article is about."""
    about = r.sample(ents, 6)
    paras = []
    for k in range(r.randint(5, 12)):
        paras.append([sentence(r, about, i * 100 + k * 10 + s) for s in range(r.randint(2, 4))])
    title = f"{about[0]['name']} and {about[1]['name']}: {r.choice(OBJECTS)}"
    return cap(title), paras, about


def popular(r, ents, cum, k):
    """k distinct entities, each drawn by its popularity (`cum`: cumulative weights)."""
    chosen, seen = [], set()
    while len(chosen) < k:
        e = bisect.bisect_left(cum, r.random() * cum[-1])
        if e not in seen:
            seen.add(e)
            chosen.append(ents[e])
    return chosen


def long_article(r, ents, cum, i):
    """The new shape: 300-1,500 words (mode 500) about 6-20 entities, the popular ones more
    often. Title, paragraphs (lists of sentences) and the entities it is about."""
    about = popular(r, ents, cum, r.randint(6, 20))
    words = int(r.triangular(300, 1500, 500))
    paras, count, k = [], 0, 0
    while count < words:
        para = [sentence(r, about, i * 1000 + k * 10 + s) for s in range(r.randint(2, 4))]
        count += sum(len(s.split()) for s in para)
        paras.append(para)
        k += 1
    title = f"{about[0]['name']} and {about[1]['name']}: {r.choice(OBJECTS)}"
    return cap(title), paras, about


def seed_text(fmt, title, paras, outlet, city, url, date, iso):
    body = [" ".join(p) for p in paras]
    if fmt == "txt":
        furniture = ["Home", "World", "Politics", "Share", "Tweet", ""]
        lines = furniture + [title, "", f"By {outlet['name']} staff", ""]
        body[0] = f"{city.upper()} ({outlet['name']}) - {body[0]}"
        lines += [p + "\n" for p in body]
        lines += ["Related", "", "More from this section", "", "COMMENTS", "", "Great article!", ""]
        return "\n".join(lines)
    if fmt == "md":
        body[0] = f"{city}, {date} ({outlet['name']})-- {body[0]}"
        return f"\n# *{title}*\n\n---\n\n" + "\n\n".join(body) + f"\n\n---\n\n[Source]({url})\n\n{outlet['name']}\n"
    if fmt == "html":
        esc = html.escape
        paras_html = "".join(f"<p>{esc(p)}</p>\n" for p in body)
        return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                f"<title>{esc(title)} | {esc(outlet['name'])}</title>\n"
                f"<meta property=\"og:title\" content=\"{esc(title)}\">\n"
                f"<meta property=\"og:site_name\" content=\"{esc(outlet['name'])}\">\n"
                f"<meta property=\"article:published_time\" content=\"{iso}T09:30:00Z\">\n"
                f"<link rel=\"canonical\" href=\"{url}\"></head>\n<body>\n"
                "<nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/world\">World</a></li>"
                "<li><a href=\"/politics\">Politics</a></li></ul></nav>\n"
                f"<article><h1>{esc(title)}</h1>\n<p class=\"byline\">By {esc(outlet['name'])} staff</p>\n"
                f"{paras_html}</article>\n"
                "<aside><h2>Related</h2><ul><li><a href=\"/a\">Another story</a></li>"
                "<li><a href=\"/b\">More from this section</a></li></ul></aside>\n"
                f"<footer><p>&copy; {iso[:4]} {esc(outlet['name'])}. All rights reserved.</p></footer>\n"
                "</body></html>\n")
    front = f"---\ntitle: {yq(title)}\noutlet: {yq(outlet['name'])}\nurl: {url}\npublished: {iso}\n---\n\n"
    return front + "\n\n".join(body) + "\n"


def furniture(r, outlet):
    """A publisher's page furniture around the article in a saved HTML page of the new shape:
    inline styles and scripts, a long menu, related links and comments (20-40 KB)."""
    esc = html.escape
    style = "".join(f".c-{word(r)} {{ margin: {r.randint(0, 40)}px; color: #{r.randint(0, 0xffffff):06x}; }}\n"
                    for _ in range(r.randint(60, 120)))
    config = ", ".join(f'"{word(r)}": "{word(r, 4)}"' for _ in range(r.randint(150, 300)))
    menu = "".join(f'<li><a href="/{word(r)}/{word(r)}">{esc(cap(word(r)))}</a></li>' for _ in range(r.randint(30, 60)))
    related = "".join(f'<li><a href="/{outlet["id"]}/{r.randint(1, 99999)}">{esc(cap(word(r, 3)))} '
                      f'{esc(r.choice(OBJECTS))}</a></li>' for _ in range(r.randint(8, 16)))
    comments = "".join(f'<div class="comment"><p class="author">{esc(cap(word(r)))}</p><p>{esc(r.choice(OBJECTS))}!</p></div>'
                       for _ in range(r.randint(3, 12)))
    return (f"<style>\n{style}</style>\n<script>window.__CONFIG__ = {{{config}}};</script>\n",
            f"<header><nav><ul>{menu}</ul></nav></header>\n",
            f"<aside><h2>Related</h2><ul>{related}</ul></aside>\n<section class=\"comments\"><h2>Comments</h2>"
            f"{comments}</section>\n<footer><ul>{menu}</ul></footer>\n")


def heavy_html(r, title, paras, outlet, url, iso):
    head, top, bottom = furniture(r, outlet)
    esc = html.escape
    paras_html = "".join(f"<p>{esc(' '.join(p))}</p>\n" for p in paras)
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
            f"<title>{esc(title)} | {esc(outlet['name'])}</title>\n"
            f"<meta property=\"og:title\" content=\"{esc(title)}\">\n"
            f"<meta property=\"og:site_name\" content=\"{esc(outlet['name'])}\">\n"
            f"<meta property=\"article:published_time\" content=\"{iso}T09:30:00Z\">\n"
            f"<link rel=\"canonical\" href=\"{url}\">\n{head}</head>\n<body>\n{top}"
            f"<article><h1>{esc(title)}</h1>\n<p class=\"byline\">By {esc(outlet['name'])} staff</p>\n"
            f"{paras_html}</article>\n{bottom}</body></html>\n")


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def generate(n, out, seed, hugo=None, shape="new"):
    new = shape == "new"
    r = random.Random(seed)
    if os.path.exists(out):
        shutil.rmtree(out)
    ents = make_entities(r, NEW_ENTITIES if new else ENTITIES)
    # New shape: a few entities are in the news far more than the rest (Zipf-like).
    cum = list(itertools.accumulate(1 / (k + 1) ** 0.9 for k in range(len(ents))))
    outlets = [{"id": f"outlet-{o:02d}", "name": f"The {cap(word(r, 3))} {r.choice(['Post', 'Times', 'Herald', 'Wire'])}"}
               for o in range(OUTLETS)]
    tags = [f"{word(r)}-{word(r)}" for _ in range(TAGS)]
    background = []
    for b in range(max(10, n // 10)):
        y, m, d = r.randint(2010, 2024), r.randint(1, 12), r.randint(1, 28)
        background.append({"id": f"bg-{b:05d}", "date": f"{y}-{m:02d}-{d:02d}",
                           "title": f"{cap(word(r, 3))} accord signed in {r.choice(CITIES)}",
                           "entities": [e["id"] for e in r.sample(ents, 2)]})

    write(f"{out}/briefgen.yaml", "title: Bench\ndescription: A synthetic site for benchmarks.\n"
          "base_url: https://example.org/bench/\npublish_body: full\n")
    write(f"{out}/content/entities.yaml", "".join(
        f"{e['id']}:\n  name: {yq(e['name'])}\n  kind: {e['kind']}\n  aliases: [{', '.join(yq(a) for a in e['aliases'])}]\n"
        for e in ents))
    write(f"{out}/content/outlets.yaml", "".join(f"{o['id']}:\n  name: {yq(o['name'])}\n" for o in outlets))
    write(f"{out}/content/events.yaml", "".join(
        f"- id: {e['id']}\n  date: {e['date']}\n  title: {yq(e['title'])}\n  entities: [{', '.join(e['entities'])}]\n"
        for e in background))

    stories, story_of = [], {}
    i = 0
    while i < n:
        size = min(r.randint(2, 5), n - i)
        sid = f"story-{len(stories):05d}"
        stories.append(sid)
        for k in range(size):
            story_of[i + k] = sid
        i += size
    write(f"{out}/content/stories.yaml", "".join(f"{s}:\n  title: Story {s[6:]}\n" for s in stories))

    hugo_pages = []
    for i in range(n):
        title, paras, about = long_article(r, ents, cum, i) if new else article(r, ents, i)
        outlet = outlets[i % OUTLETS]
        y, m, d = r.randint(2015, 2024), r.randint(1, 12), r.randint(1, 28)
        date = f"{y}-{m:02d}-{d:02d}"
        fmt = ("txt", "html", "md", "front", "html", "md")[i % 6] if new else ("txt", "md", "front", "html")[i % 4]
        url = f"https://news.example/{outlet['id']}/{i}"
        sid = f"b{i:06d}"
        ext = {"txt": "txt", "html": "html"}.get(fmt, "md")
        if new and fmt == "html":
            seed = heavy_html(r, title, paras, outlet, url, date)
        else:
            seed = seed_text(fmt, title, paras, outlet, r.choice(CITIES), url, f"{MONTHS[m - 1]} {d}", date)
        write(f"{out}/seeds/{sid}.{ext}", seed)
        text = "\n".join(" ".join(p) for p in paras)
        notes = []
        candidates = [s for p in paras for s in p if text.count(s) == 1]
        for k, quote in enumerate(r.sample(candidates, min(len(candidates), r.randint(2, 5)))):
            if k % 2:
                notes.append(f"  - quote: {yq(quote)}\n    kind: fact-check\n    claimant: {about[0]['id']}\n"
                             f"    verdict: {yq(r.choice(VERDICTS))}\n    body: The record shows otherwise; see the sources.\n"
                             f"    sources: [https://records.example/{i}/{k}]\n")
            else:
                notes.append(f"  - quote: {yq(quote)}\n    kind: context\n    body: |\n"
                             f"      Background on *{about[1]['name']}*, which this passage leaves out.\n")
        events = []
        for k in range(r.randint(2, 5) if new else r.randint(1, 3)):
            if k == 0:
                events.append(f"  - id: {r.choice(background)['id']}\n")
            else:
                meets = f"{about[k]['name']} meets {about[k + 1]['name']} ({i}.{k})"
                events.append(f"  - date: {date}\n    title: {yq(meets)}\n    entities: [{about[k]['id']}]\n")
        brief_tags = r.sample(tags, r.randint(3, 6))
        ann = (f"published: {date}\noutlet: {outlet['id']}\nstory: {story_of[i]}\ntags: [{', '.join(brief_tags)}]\n"
               f"summary: |\n  What *{outlet['name']}* reported about {about[0]['name']}, set against the record.\n"
               f"notes:\n{''.join(notes)}events:\n{''.join(events)}")
        write(f"{out}/content/annotations/{sid}.yaml", ann)
        if hugo:
            hugo_pages.append((sid, title, date, brief_tags, paras))
    if hugo:
        write_hugo(hugo, hugo_pages, background)


def write_hugo(out, pages, background):
    """The same articles as plain Hugo pages, with tags and a timeline page of all events."""
    if os.path.exists(out):
        shutil.rmtree(out)
    write(f"{out}/hugo.toml", 'baseURL = "https://example.org/bench/"\ntitle = "Bench"\n'
          '[taxonomies]\ntag = "tags"\n')
    write(f"{out}/layouts/_default/single.html", "<!DOCTYPE html><html><head><title>{{ .Title }}</title></head>"
          "<body><h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Params.tags }}<li>{{ . }}</li>{{ end }}</ul></body></html>\n")
    write(f"{out}/layouts/_default/list.html", "<!DOCTYPE html><html><head><title>{{ .Title }}</title></head>"
          "<body><h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></body></html>\n")
    write(f"{out}/layouts/_default/timeline.html", "<!DOCTYPE html><html><head><title>Timeline</title></head><body><ol>"
          "{{ range sort (where .Site.RegularPages \"Section\" \"posts\") \"Date\" }}<li>{{ .Date.Format \"2006-01-02\" }} "
          "<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ol></body></html>\n")
    write(f"{out}/content/timeline.md", "---\ntitle: Timeline\nlayout: timeline\n---\n")
    for sid, title, date, tags, paras in pages:
        body = "\n\n".join(" ".join(p) for p in paras)
        write(f"{out}/content/posts/{sid}.md", f"---\ntitle: {yq(title)}\ndate: {date}\ntags: [{', '.join(tags)}]\n---\n\n{body}\n")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--hugo")
    ap.add_argument("--shape", choices=["old", "new"], default="new")
    a = ap.parse_args()
    generate(a.n, a.out, a.seed, a.hugo, a.shape)
