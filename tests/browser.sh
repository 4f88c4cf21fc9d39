#!/bin/sh
# browser: the web page of `newsprint serve` in headless Chromium, one
# PASS/FAIL/SKIP line per check.
#   sh tests/browser.sh BIN
# Builds a database from examples/ with `newsprint add`, serves it on a free
# loopback port, and loads the story list, a story and a copy family's
# side-by-side view with `chromium --headless --dump-dom` (the page's
# JavaScript runs within --virtual-time-budget).  The DOM must show every
# story that `newsprint stories --format json` lists, a story's copies under
# their original, and shared sentences highlighted on both sides of a diff.
# Screenshots go to $SHOTS when set (e.g. SHOTS=docs to remake the README's),
# else to the temporary directory.  Skips, saying why, when Chromium cannot
# start or python3 (which parses the JSON and the DOM) is missing.  The
# server is stopped on every way out.
set -u
[ $# -eq 1 ] || { echo "usage: sh tests/browser.sh BIN" >&2; exit 2; }
bin=$1
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
[ -x "$bin" ] || { echo "FAIL browser: $bin is not an executable"; exit 1; }
cd "$(dirname "$0")/.." || exit 1
root=$PWD

if ! command -v python3 >/dev/null 2>&1; then
    echo "SKIP browser: no python3 to read the JSON and the page"
    exit 0
fi
chromium=
for c in ${CHROMIUM:-} chromium chromium-browser google-chrome; do
    if command -v "$c" >/dev/null 2>&1; then chromium=$c; break; fi
done
if [ -z "$chromium" ]; then
    echo "SKIP browser: no Chromium (scripts/deps.sh installs the Debian package chromium)"
    exit 0
fi
to=
command -v timeout >/dev/null 2>&1 && to="timeout 90"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/np-browser.XXXXXX") || exit 1
# Chromium's own files (org.chromium.Chromium.*, left by each one killed)
# go with the rest: hundreds piled up in /tmp
TMPDIR=$tmp
export TMPDIR
pid=
stop_server() {
    if [ -n "$pid" ]; then
        kill "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        pid=
    fi
}
trap 'stop_server; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM HUP PIPE
shots=${SHOTS:-$tmp}
case $shots in /*) ;; *) shots=$root/$shots ;; esac
mkdir -p "$shots" || exit 1
failed=0

# chrome ARGS...: headless Chromium with a throwaway profile.
chrome() {
    # shellcheck disable=SC2086  # $to is a command prefix or nothing
    $to "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars \
        --no-first-run --no-default-browser-check --user-data-dir="$tmp/profile" "$@"
}

# browse OUT URL [SIZE]: the DOM of URL into OUT.html once its script has
# run, and a screenshot into OUT.png.
browse() {
    chrome --virtual-time-budget=10000 --dump-dom "$2" >"$1.html" 2>>"$tmp/chromium.log"
    chrome --virtual-time-budget=10000 --window-size="${3:-1280,900}" \
        --screenshot="$1.png" "$2" >/dev/null 2>>"$tmp/chromium.log"
}

report() { # NAME: one line from the checker's output file NAME.result
    if [ -s "$tmp/$1.result" ] && [ "$(head -c 4 "$tmp/$1.result")" = PASS ]; then
        cat "$tmp/$1.result"
    else
        failed=1
        if [ -s "$tmp/$1.result" ]; then cat "$tmp/$1.result"; else echo "FAIL $1: the checker said nothing"; fi
    fi
}

# Can Chromium start and run JavaScript at all?
printf '<p id="t">no script</p><script>document.getElementById("t").textContent="script ran"</script>' >"$tmp/probe.html"
if ! chrome --virtual-time-budget=2000 --dump-dom "file://$tmp/probe.html" >"$tmp/probe.out" 2>"$tmp/chromium.log" ||
        ! grep -q 'script ran' "$tmp/probe.out"; then
    echo "SKIP browser: $chromium cannot start or run JavaScript here:"
    tail -3 "$tmp/chromium.log" | sed 's/^/  /'
    exit 0
fi

# ---- the database and the server ----------------------------------------

# and an article with no title (as many of ECB+'s): its story has none
printf '{"id":"untitled-1","text":"%s"}\n' "The dairy cooperative in the valley asked the agriculture \
department for an emergency loan after the drought cut its herd by a third, and the department said \
it would answer within a week." >"$tmp/untitled.jsonl"
# and one whose words are all numbers, days and months: no keyword to name
# its story by, so the page names it by its original's first words
printf '{"id":"scores-1","text":"%s"}\n' "On Saturday it was 12 to 7, and on Sunday it was 9 to 5. \
In August it was 30 to 2, and in October 15 to 11." >>"$tmp/untitled.jsonl"
# and an undated article with a dated excerpt of it: the excerpt is listed
# under its date on the story page (it sat under its original's 'Undated')
pier1="The harbour authority of Kestrel Bay said on Monday that the north pier will close for six months \
of repairs after divers found cracks in its pillars."
pier2="Ferries to the islands will leave from the south pier instead, the authority said."
printf '{"id":"pier-undated","text":"%s %s %s"}\n{"id":"pier-dated","date":"2025-05-06","text":"%s %s"}\n' \
    "$pier1" "$pier2" "Fishermen said the closure would cost them a season, and the island council asked for a \
second ferry. The repairs will cost four million pounds, paid by the port's owners and the county." \
    "$pier1" "$pier2" >>"$tmp/untitled.jsonl"
# and a web page of a title and a menu alone: an article of no word, whose
# page says it has no text (its text column stood empty)
printf '{"id":"no-text","html":"%s"}\n' '<html><head><title>Council notice</title></head><body><nav><a href=\"/\">Home</a></nav></body></html>' >>"$tmp/untitled.jsonl"
# and a storyline of fourteen stories (tests/data/long-storyline.jsonl)
if ! "$bin" add --db "$tmp/news.db" examples/ "$tmp/untitled.jsonl" tests/data/long-storyline.jsonl \
        >"$tmp/add.out" 2>&1; then
    echo "FAIL browser-db: newsprint add examples/ failed:"
    sed 's/^/  /' "$tmp/add.out" | head -5
    exit 1
fi
if ! "$bin" stories --db "$tmp/news.db" --format json >"$tmp/stories.json" 2>"$tmp/stories.err"; then
    echo "FAIL browser-db: newsprint stories --format json failed:"
    sed 's/^/  /' "$tmp/stories.err" | head -5
    exit 1
fi

# Starts the server on a port the system chooses (--port 0: a port found
# free beforehand could be taken before serve bound it, by another suite's
# server or a connection's own port) and waits until the API answers.
"$bin" serve --db "$tmp/news.db" --port 0 --bind 127.0.0.1 >"$tmp/server.out" 2>"$tmp/server.log" &
pid=$!
# (a command of its own, not in $(...): the shell waiting for it reaps a
# server that ended, which kill -0 then finds gone)
python3 - "$tmp/server.log" "$pid" "$tmp/port" <<'EOF'
import os, re, sys, time, urllib.request
log, pid, port_file = sys.argv[1], int(sys.argv[2]), sys.argv[3]
deadline = time.time() + 120
port = None
while time.time() < deadline:
    if not port:
        with open(log, encoding="utf-8", errors="replace") as f:
            m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", f.read())
        port = m and m.group(1)
    if port:
        try:
            with urllib.request.urlopen("http://127.0.0.1:%s/api/stories?limit=1" % port, timeout=5) as r:
                if r.status == 200:
                    with open(port_file, "w") as f:
                        f.write(port + "\n")
                    sys.exit(0)
        except Exception:
            pass
    try:
        os.kill(pid, 0)
    except OSError:
        sys.exit(1)    # the server is gone
    time.sleep(0.2)
sys.exit(1)
EOF
port=$(cat "$tmp/port" 2>/dev/null)
if [ -z "$port" ]; then
    echo "FAIL browser-server: newsprint serve did not answer on a loopback port:"
    sed 's/^/  /' "$tmp/server.log" | tail -5
    exit 1
fi
base="http://127.0.0.1:$port/"
# the stories as the API names them, for the checks of names on the page
python3 -c 'import sys, urllib.request
sys.stdout.write(urllib.request.urlopen(sys.argv[1] + "api/stories?limit=1000", timeout=30).read().decode("utf-8"))' \
    "$base" >"$tmp/api-stories.json"

# ---- the checks -----------------------------------------------------------

cat >"$tmp/check.py" <<'EOF'
"""Checks a DOM dumped by Chromium against newsprint's own answer.
    check.py WHAT DOM.html STORIES.json [ARGS...]"""
import json, sys
from html.parser import HTMLParser
from urllib.parse import unquote

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.kids = tag, dict(attrs), parent, []
    def text(self):
        return "".join(k if isinstance(k, str) else k.text() for k in self.kids)
    def classes(self):
        return (self.attrs.get("class") or "").split()
    def walk(self):
        for k in self.kids:
            if isinstance(k, Node):
                yield k
                yield from k.walk()
    def find(self, pred):
        return [n for n in self.walk() if pred(n)]
    def ancestors(self):
        n = self.parent
        while n is not None:
            yield n
            n = n.parent

class Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.cur = self.root
    def handle_starttag(self, tag, attrs):
        n = Node(tag, attrs, self.cur)
        self.cur.kids.append(n)
        if tag not in VOID:
            self.cur = n
    def handle_endtag(self, tag):
        n = self.cur
        while n is not None and n.tag != tag:
            n = n.parent
        if n is not None and n.parent is not None:
            self.cur = n.parent
    def handle_data(self, data):
        self.cur.kids.append(data)

def squash(s):
    return " ".join(s.split())

def name(s):
    """A story's name on the page: its title, or for an untitled one the
    API's name, its original's first words as an untitled article is named
    (the page showed its id, "s4", then its keywords); server_test.py checks
    the API's name itself."""
    if s["title"]:
        return s["title"]
    return api_names.get(s["original"], "(no name from /api/stories for %s)" % s["original"])

what, dom_path, stories_path = sys.argv[1:4]
args = sys.argv[4:]
t = Tree()
t.feed(open(dom_path, encoding="utf-8").read())
dom = t.root
answer = json.load(open(stories_path, encoding="utf-8"))
stories = {s["id"]: s for s in answer["stories"]}
api_names = {s["original"]: s.get("name") for s in
             json.load(open(stories_path.replace("stories.json", "api-stories.json"), encoding="utf-8"))["stories"]}
articles = {a["id"]: a for a in answer["articles"]}

def fail(msg):
    print("FAIL %s: %s" % (what, msg))
    sys.exit(0)

mains = dom.find(lambda n: n.tag == "main")
if not mains:
    fail("no <main> in the page (did it load?)")
main = mains[0]
errors = main.find(lambda n: "error" in n.classes())
h1 = main.find(lambda n: n.tag == "h1")

if what == "browser-not-found":
    # a story the database does not have: said so, naming it (the page
    # showed the API's "no such story")
    sid = args[0]
    if not h1 or squash(h1[0].text()) != "Not found" or not errors or sid not in errors[0].text():
        fail("%s is not said to be missing by name: %r" % (sid, squash(main.text())[:200]))
    # worded as every page words it (a copy family's missing copy showed the
    # API's "no article 'ID' in this database")
    if len(args) > 1 and squash(errors[0].text()) != args[1]:
        fail("%s is said missing as %r, not %r" % (sid, squash(errors[0].text()), args[1]))
    print("PASS %s: %s" % (what, squash(errors[0].text())))
    sys.exit(0)
if errors:
    fail("the page shows an error: " + squash(errors[0].text()))

if what == "browser-story-list":
    rows = {r.attrs["data-story"]: r for r in main.find(lambda n: n.tag == "tr" and "data-story" in n.attrs)}
    if not rows:
        fail("no story rows in the list (%d characters of <main> text)" % len(squash(main.text())))
    for sid, s in stories.items():
        if sid not in rows:
            fail("story %s (%s) is not listed" % (sid, s["title"]))
        r = rows[sid]
        # the link carries the story's original: numbers are given again by
        # an add, and the page finds the story again by it
        want = "#/story/%s?via=%s" % (sid, s["original"])
        links = r.find(lambda n: n.tag == "a" and unquote(n.attrs.get("href", "")) == want)
        if not links or squash(links[0].text()) != squash(name(s)):
            fail("story %s: the row does not link its name %r to %s" % (sid, name(s), want))
        cells = r.find(lambda n: n.tag == "td")
        if str(len(s["articles"])) not in [squash(c.text()) for c in cells]:
            fail("story %s: the row does not show its size %d" % (sid, len(s["articles"])))
        for d in (s.get("first_date"), s.get("last_date")):
            if d and d not in r.text():
                fail("story %s: the row does not show the date %s" % (sid, d))
        # its storyline, linked only when it holds another story (a storyline
        # of this story alone showed the same story again)
        together = sum(1 for o in stories.values() if o["storyline"] == s["storyline"])
        line_links = r.find(lambda n: n.tag == "a" and unquote(n.attrs.get("href", "")).startswith(
            "#/storyline/%s?" % s["storyline"]))
        if s["storyline"] not in squash(r.text()):
            fail("story %s: the row does not name its storyline %s" % (sid, s["storyline"]))
        if (together > 1) != bool(line_links):
            fail("story %s: storyline %s holds %d stories, and the row %s it" %
                 (sid, s["storyline"], together, "links" if line_links else "does not link"))
    lines = [s["storyline"] for s in stories.values()]
    if len(set(lines)) == len(lines) or len(set(lines)) == 1:
        fail("the database should have a storyline of several stories and one of a story alone")
    extra = set(rows) - set(stories)
    if extra:
        fail("the list shows stories newsprint does not know: " + ", ".join(sorted(extra)))
    if all(s["title"] for s in stories.values()):
        fail("no untitled story to show (the database should have one)")
    if all(s["title"] or s["keywords"] for s in stories.values()):
        fail("no untitled story without keywords to show (the database should have one)")
    print("PASS %s: %d stories listed with titles (or names), sizes and dates" % (what, len(rows)))

elif what == "browser-story":
    sid, orig, copy = args
    s = stories[sid]
    if not h1 or squash(h1[0].text()) != squash(s["title"]):
        fail("the heading is not the story's title %r" % s["title"])
    shown = {n.attrs["data-article"]: n for n in main.find(lambda n: "data-article" in n.attrs)}
    missing = [a for a in s["articles"] if a not in shown]
    if missing:
        fail("articles of %s missing from the timeline: %s" % (sid, ", ".join(missing)))
    c = shown[copy]
    if "copy" not in c.classes() or shown[orig] not in list(c.ancestors()):
        fail("copy %s is not shown under its original %s" % (copy, orig))
    if articles[copy]["relation"] not in squash(c.text()):
        fail("copy %s does not show its relation %s" % (copy, articles[copy]["relation"]))
    print("PASS %s: story %s with its %d articles, copy %s under original %s"
          % (what, sid, len(s["articles"]), copy, orig))

elif what == "browser-story-dated-copy":
    # a dated copy of an undated original shows under its own date, and
    # names what it copies
    copy, orig = args
    a = articles[copy]
    shown = {n.attrs["data-article"]: n for n in main.find(lambda n: "data-article" in n.attrs)}
    if copy not in shown or orig not in shown:
        fail("%s or %s is missing from the story page" % (copy, orig))
    day = [n for n in shown[copy].ancestors() if "day" in n.classes()]
    heads = day[0].find(lambda n: "daydate" in n.classes()) if day else []
    said = squash(heads[0].text()) if heads else ""
    if said != a["date"]:
        fail("%s (%s, dated %s) is listed under %r" % (copy, a["relation"], a["date"], said or "no date heading"))
    if orig not in [n.attrs.get("href", "").split("/")[-1] for n in shown[copy].find(lambda n: n.tag == "a")]:
        fail("%s under %s does not link the article it copies, %s" % (copy, said, orig))
    print("PASS %s: %s, a dated %s of undated %s, under %s" % (what, copy, a["relation"], orig, said))

elif what == "browser-diff":
    orig, copy, relation = args
    cols = main.find(lambda n: n.tag == "article" and "diffcol" in n.classes())
    if len(cols) != 2:
        fail("expected two columns side by side, found %d" % len(cols))
    for col, aid in zip(cols, (orig, copy)):
        if not col.find(lambda n: n.tag == "a" and n.attrs.get("href") == "#/article/" + aid):
            fail("a column does not show article %s" % aid)
    marks = [col.find(lambda n: n.tag == "mark" and ("same" in n.classes() or "near" in n.classes())) for col in cols]
    if not marks[0] or not marks[1]:
        fail("no highlighted shared sentence (original %d, copy %d)" % (len(marks[0]), len(marks[1])))
    ids = {n.attrs.get("id") for col in cols for n in col.find(lambda n: "id" in n.attrs)}
    for m in marks[0] + marks[1]:
        if m.attrs.get("data-partner") not in ids:
            fail("a highlighted sentence points at no sentence of the other side")
        if m.attrs.get("tabindex") != "0":
            fail("a highlighted sentence cannot be reached from the keyboard (no tabindex)")
    plain = cols[1].find(lambda n: n.tag == "span" and "s" in n.classes())
    if relation == "exact" and plain:
        fail("an exact copy has %d sentences not highlighted" % len(plain))
    same = [m for m in marks[1] if "same" in m.classes()]
    if relation in ("exact", "near", "excerpt") and not same:
        fail("a %s copy has no identical sentence highlighted" % relation)
    print("PASS %s: %s beside %s (%s), %d of the copy's sentences highlighted (%d identical)"
          % (what, orig, copy, relation, len(marks[1]), len(same)))
elif what == "browser-past-end":
    # a page of the list past its end: the stories are there, on fewer
    # pages, with a link back (it said "No story yet")
    empty = main.find(lambda n: "empty" in n.classes())
    said = squash(empty[0].text()) if empty else ""
    if "No story yet" in said or "no page" not in said:
        fail("a page past the end says %r" % said)
    if not empty[0].find(lambda n: n.tag == "a" and n.attrs.get("href", "").startswith("#/")):
        fail("a page past the end links to no page of the list")
    print("PASS %s: %s" % (what, said))

elif what == "browser-story-moved":
    # a link to a story number that now names another story (an add gave
    # the numbers again): the story of the link's article, said so (it
    # showed whatever story has that number now)
    number, via, sid = args
    if not h1 or squash(h1[0].text()) != squash(name(stories[sid])):
        fail("%s?via=%s shows %r, not the story of %s, %s %r"
             % (number, via, squash(h1[0].text()) if h1 else None, via, sid, name(stories[sid])))
    notes = [squash(n.text()) for n in main.find(lambda n: "note" in n.classes())]
    if not any(number in t and sid in t for t in notes):
        fail("no note says %s is now %s: %r" % (number, sid, notes))
    print("PASS %s: %s?via=%s shows %s, said so" % (what, number, via, sid))

elif what == "browser-storyline":
    # a storyline is named by the story it began with (its heading was
    # "Storyline l2")
    lid = args[0]
    line = next(l for l in answer["storylines"] if l["id"] == lid)
    first = min((stories[s] for s in line["stories"]), key=lambda s: (s["first_date"] or s["last_date"] or "9", s["id"]))
    if not h1 or squash(h1[0].text()) != "Storyline: " + squash(name(first)):
        fail("storyline %s is headed %r, not by its first story %r"
             % (lid, squash(h1[0].text()) if h1 else None, name(first)))
    shown = [n.attrs["data-story"] for n in main.find(lambda n: "data-story" in n.attrs)]
    if sorted(shown) != sorted(line["stories"]):
        fail("storyline %s shows the stories %s, not %s" % (lid, shown, line["stories"]))
    print("PASS %s: %s headed by %r with its %d stories" % (what, lid, name(first), len(shown)))

elif what == "browser-storyline-paged":
    # a long storyline is shown n stories at a time, around the story of the
    # article followed, with the earlier and later stories counted and linked
    # (all were listed: 461 stories at 20,000 articles)
    lid, via, most = args[0], args[1], int(args[2])
    line = next(l for l in answer["storylines"] if l["id"] == lid)
    order = [s["id"] for s in sorted((stories[s] for s in line["stories"]),
                                     key=lambda s: (s["first_date"] or s["last_date"] or "9", int(s["id"][1:])))]
    first = stories[order[0]]
    if not h1 or squash(h1[0].text()) != "Storyline: " + squash(name(first)):
        fail("storyline %s is headed %r, not by its first story %r"
             % (lid, squash(h1[0].text()) if h1 else None, name(first)))
    shown = [n.attrs["data-story"] for n in main.find(lambda n: "data-story" in n.attrs)]
    own = articles[via]["story"]
    at = order.index(shown[0]) if shown and shown[0] in order else -1
    if len(order) <= most + 2 or len(shown) != most or at < 0 or order[at:at + most] != shown or own not in shown:
        fail("storyline %s of %d stories shows %s, not %d in order around %s's story %s"
             % (lid, len(order), shown, most, via, own))
    counted = {}
    for a in main.find(lambda n: n.tag == "a" and unquote(n.attrs.get("href", "")).startswith("#/storyline/" + lid + "?")):
        words = squash(a.text()).split()
        if len(words) == 3 and words[0].isdigit() and words[1] in ("earlier", "later"):
            counted[words[1]] = int(words[0])
    if counted != {k: v for k, v in (("earlier", at), ("later", len(order) - at - most)) if v}:
        fail("storyline %s: the stories before and after the %d shown are counted %s (from %d of %d)"
             % (lid, most, counted, at, len(order)))
    if "of %d in the storyline" % len(order) not in squash(main.text()):
        fail("storyline %s: the page does not say it holds %d stories" % (lid, len(order)))
    print("PASS %s: %s shows %d of its %d stories around %s, %s" % (what, lid, len(shown), len(order), own, counted))

elif what == "browser-search-folded":
    # a copy found with what it copies is folded under it (a wire story's
    # original and each copy were a line each, one title many times)
    shown = {n.attrs["data-article"]: n for n in main.find(lambda n: "data-article" in n.attrs)}
    folded = 0
    for aid, n in shown.items():
        orig = articles[aid]["copy_of"]
        if orig in shown:
            if shown[orig] not in list(n.ancestors()):
                fail("%s is listed beside %s, which it copies, not under it" % (aid, orig))
            folded += 1
    if not folded:
        fail("no copy found with its original (%d hits)" % len(shown))
    print("PASS %s: %d hits, %d copies under what they copy" % (what, len(shown), folded))

elif what == "browser-search-too-long":
    # more than the server searches for (a pasted paragraph): said so, with
    # the way to find a text's copies (it showed the API's 400 as an error)
    empty = main.find(lambda n: "empty" in n.classes())
    said = squash(empty[0].text()) if empty else ""
    if "too long" not in said or not empty[0].find(lambda n: n.tag == "a" and n.attrs.get("href") == "#/check"):
        fail("a search over 1,000 bytes shows %r" % squash(main.text())[:200])
    print("PASS %s: %s" % (what, said))

elif what == "browser-search-syntax":
    # the help says OR, "phrases" and -word (it said "type words"); a search
    # of -words alone is said under the search (it was "Something went
    # wrong"), and OR finds either word
    said = squash(main.text())
    help_page = open(dom_path.replace("search-syntax", "search-help"), encoding="utf-8").read()
    if "OR between two words" not in help_page or "-word" not in help_page:
        fail("the search page's help says nothing of OR or -word")
    # as a sentence of the page (the server's words were shown as they came,
    # "every word is left out (-word): give a word to find too")
    if "Something went wrong" in said or "Every word is left out (-word): give a word to find too." not in said:
        fail("a search of -Harborton alone shows %r" % said[:200])
    print("PASS %s: %s" % (what, said[:80]))

elif what == "browser-article-copy":
    # a copy's page names what it copies by its title (it gave the id)
    copy, orig = args
    links = main.find(lambda n: n.tag == "a" and n.attrs.get("href") == "#/article/" + orig
                      and any("summary" in p.classes() for p in n.ancestors()))
    if not links or squash(links[0].text()) != squash(articles[orig]["title"]):
        fail("copy %s does not name its original by the title %r: %r"
             % (copy, articles[orig]["title"], [squash(a.text()) for a in links]))
    print("PASS %s: %s names its original %r" % (what, copy, articles[orig]["title"]))

elif what == "browser-article-storyline":
    # an article's page links its storyline only when the storyline holds
    # another story (one of its story alone was linked, and listed the same
    # story again), as the story list does
    aid = args[0]
    line = articles[aid]["storyline"]
    together = sum(1 for o in stories.values() if o["storyline"] == line)
    links = main.find(lambda n: n.tag == "a" and unquote(n.attrs.get("href", "")).startswith("#/storyline/"))
    if (together > 1) != bool(links):
        fail("article %s: storyline %s holds %d stories, and the page %s it" %
             (aid, line, together, "links" if links else "does not link"))
    print("PASS %s: %s, storyline %s of %d stories, %s" % (what, aid, line, together,
                                                           "linked" if links else "not linked"))

elif what == "browser-article-storyline-around":
    # of a long storyline an article's page lists the stories around its
    # own, the others counted and linked to the storyline (all were listed:
    # at 20,000 articles 461, the article's own story 400 lines down)
    aid, most = args[0], int(args[1])
    line = articles[aid]["storyline"]
    total = sum(1 for o in stories.values() if o["storyline"] == line)
    side = main.find(lambda n: n.tag == "aside")
    lists = side[0].find(lambda n: n.tag == "ol") if side else []
    items = lists[0].find(lambda n: n.tag == "li") if lists else []
    own = [i for i in items if i.find(lambda n: n.tag == "strong")]
    counted = 0
    for a in side[0].find(lambda n: n.tag == "a" and unquote(n.attrs.get("href", "")).startswith("#/storyline/")) if side else []:
        words = squash(a.text()).split()
        if len(words) == 3 and words[0].isdigit() and words[1] in ("earlier", "later"):
            counted += int(words[0])
    if total <= most:
        fail("storyline %s of %s holds %d stories, not more than %d: no test of a long one" % (line, aid, total, most))
    if not 0 < len(items) <= most or len(own) != 1:
        fail("article %s: its storyline of %d stories lists %d beside it (at most %d), its own %d times"
             % (aid, total, len(items), most, len(own)))
    elif squash(own[0].find(lambda n: n.tag == "strong")[0].text()) != squash(name(stories[articles[aid]["story"]])):
        fail("article %s: the story in bold beside it is not its own %s" % (aid, articles[aid]["story"]))
    if counted + len(items) != total:
        fail("article %s: %d stories listed and %d counted in links to the storyline, of %d"
             % (aid, len(items), counted, total))
    print("PASS %s: %s lists %d of its storyline's %d stories, its own among them, the %d others counted"
          % (what, aid, len(items), total, counted))

elif what == "browser-article-no-text":
    # an article of no word: its text column says so (it stood empty)
    aid = args[0]
    if articles[aid]["words"] != 0:
        fail("article %s has %d words: no test of one with none" % (aid, articles[aid]["words"]))
    body = main.find(lambda n: n.tag == "section" and "body" in n.classes())
    said = squash(body[0].text()) if body else ""
    if "No text" not in said:
        fail("article %s of no word: its text column says %r" % (aid, said))
    print("PASS %s: %s" % (what, said))

elif what == "browser-since-past-latest":
    # a since past every date says the latest there is, with a link to the
    # stories since then (it said "No story since 2999-01-01." alone)
    since = args[0]
    latest = max(s["last_date"] for s in stories.values() if s["last_date"])
    empty = main.find(lambda n: "empty" in n.classes())
    said = squash(empty[0].text()) if empty else ""
    links = empty[0].find(lambda n: n.tag == "a" and unquote(n.attrs.get("href", "")) == "#/?since=" + latest) if empty else []
    if since not in said or latest not in said or not links:
        fail("since %s: the page says %r, not the latest date %s with a link to the stories since then"
             % (since, said, latest))
    print("PASS %s: %s" % (what, said))

else:
    fail("unknown check")
EOF

check() { # NAME DOM [ARGS...]
    name=$1
    dom=$2
    shift 2
    python3 "$tmp/check.py" "$name" "$dom" "$tmp/stories.json" "$@" >"$tmp/$name.result" 2>&1
    report "$name"
}

# Which story and copy to look at, from newsprint's own answer: the story
# with the most copies, and in it a near copy if there is one.
python3 - "$tmp/stories.json" >"$tmp/pick" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
copies = [a for a in d["articles"] if a.get("copy_of")]
if not copies:
    sys.exit(1)
count = {}
for a in copies:
    count[a["story"]] = count.get(a["story"], 0) + 1
story = max(sorted(count), key=lambda s: count[s])
pref = {"near": 0, "excerpt": 1, "rewrite": 2, "exact": 3}
c = min((a for a in copies if a["story"] == story), key=lambda a: (pref.get(a["relation"], 9), a["id"]))
print(story, c["copy_of"], c["id"], c["relation"])
EOF
if [ ! -s "$tmp/pick" ]; then
    echo "FAIL browser: the examples/ database has no copy to show"
    exit 1
fi
read -r story orig copy relation <"$tmp/pick"
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }

browse "$tmp/list" "$base#/"
check browser-story-list "$tmp/list.html"
browse "$tmp/story" "$base#/story/$(enc "$story")"
check browser-story "$tmp/story.html" "$story" "$orig" "$copy"
pier=$(python3 -c 'import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
print([a["story"] for a in d["articles"] if a["id"] == "pier-dated"][0])' "$tmp/stories.json")
browse "$tmp/story-pier" "$base#/story/$(enc "$pier")"
check browser-story-dated-copy "$tmp/story-pier.html" pier-dated pier-undated
browse "$tmp/diff" "$base#/family/$(enc "$orig")?copy=$(enc "$copy")" 1280,1000
check browser-diff "$tmp/diff.html" "$orig" "$copy" "$relation"
browse "$tmp/article" "$base#/article/$(enc "$copy")"
check browser-article-copy "$tmp/article.html" "$copy" "$orig"
check browser-article-storyline "$tmp/article.html" "$copy"
browse "$tmp/article-long-line" "$base#/article/guild-08" 1280,1600
check browser-article-storyline-around "$tmp/article-long-line.html" guild-08 9
browse "$tmp/article-alone" "$base#/article/untitled-1"
check browser-article-storyline "$tmp/article-alone.html" untitled-1
browse "$tmp/article-no-text" "$base#/article/no-text"
check browser-article-no-text "$tmp/article-no-text.html" no-text
browse "$tmp/past-end" "$base#/?page=999"
check browser-past-end "$tmp/past-end.html"
browse "$tmp/since-past" "$base#/?since=2999-01-01"
check browser-since-past-latest "$tmp/since-past.html" 2999-01-01
browse "$tmp/not-found" "$base#/story/s99999"
check browser-not-found "$tmp/not-found.html" s99999
browse "$tmp/no-copy" "$base#/family/$(enc "$orig")?copy=no-such-copy"
check browser-not-found "$tmp/no-copy.html" no-such-copy "There is no article with the id “no-such-copy” in this database."
# a story number given again by an add: the link's article finds its story
set -- $(python3 -c 'import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
a, b = d["stories"][0], d["stories"][1]
print(a["id"], b["original"], b["id"])' "$tmp/stories.json")
browse "$tmp/moved" "$base#/story/$1?via=$(enc "$2")"
check browser-story-moved "$tmp/moved.html" "$1" "$2" "$3"
lid=$(python3 -c 'import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
print(max(d["storylines"], key=lambda l: (len(l["stories"]), l["id"]))["id"])' "$tmp/stories.json")
browse "$tmp/storyline" "$base#/storyline/$lid"
check browser-storyline "$tmp/storyline.html" "$lid"
browse "$tmp/storyline-paged" "$base#/storyline/$lid?via=guild-08&n=5" 1280,1800
check browser-storyline-paged "$tmp/storyline-paged.html" "$lid" guild-08 5
browse "$tmp/storyline-earlier" "$base#/storyline/$lid?via=guild-08&from=0&n=5" 1280,1800
check browser-storyline-paged "$tmp/storyline-earlier.html" "$lid" guild-01 5
browse "$tmp/search" "$base#/search?q=Harborton+dockworkers"
check browser-search-folded "$tmp/search.html"
browse "$tmp/long-search" "$base#/search?q=$(python3 -c 'print("harbour+strike+" * 80)')"
check browser-search-too-long "$tmp/long-search.html"
browse "$tmp/search-help" "$base#/search"
browse "$tmp/search-syntax" "$base#/search?q=-Harborton"
check browser-search-syntax "$tmp/search-syntax.html"

# a phone's width: each page fits it instead of scrolling sideways (the
# story list did, by a hundred pixels at 400), and a copy's or a search
# result's title keeps at least half of it (beside its relation and score
# it had a third); an article's text too (its copy family's names, kept on
# one line, made the page 518 px wide at 400 and cut the text off)
for page in "#/ table.stories" "#/story/$(enc "$story") .timeline .copy>.line>.text" \
        "#/family/$(enc "$orig")?copy=$(enc "$copy") .diff" "#/search?q=Harborton .results .results>li>.line>.text" \
        "#/article/$(enc "$copy") .columns .columns>.body" "320:#/ table.stories"; do
    # shellcheck disable=SC2086  # the page's address, what shows it is loaded, a text column
    set -- $page
    # WIDTH:PAGE at another width: 320, the narrowest phones' (the header's
    # search box kept its own width, 11 px past it on every page)
    width=400
    case $1 in [0-9]*:*) width=${1%%:*}; set -- "${1#*:}" "$2" ${3:+"$3"} ;; esac
    rm -rf "$tmp/profile-width"
    # shellcheck disable=SC2086  # $to is a command prefix or nothing
    $to python3 tests/page_width.py "$chromium" "$base$1" "$width" "$2" "$tmp/profile-width" ${3:+"$3"} >"$tmp/width.out"
    case $? in
        0) cat "$tmp/width.out" ;;
        2) cat "$tmp/width.out" ;;  # a SKIP line: this Chromium does not speak the protocol
        *) [ -s "$tmp/width.out" ] && cat "$tmp/width.out" || echo "FAIL page-width: $base$1: the checker said nothing"
           failed=1 ;;
    esac
done
# a phone's width: a copy family's picker lists every copy alike, its id
# beside its relation (an id that did not fit went under it: the chosen
# copy's, in bold, and a long one's rows took another shape)
for width in 360 400; do
    rm -rf "$tmp/profile-picker"
    # shellcheck disable=SC2086  # $to is a command prefix or nothing
    $to python3 tests/page_picker.py "$chromium" "$base#/family/$(enc "$orig")?copy=$(enc "$copy")" "$width" \
        "$tmp/profile-picker" >"$tmp/picker.out"
    case $? in
        0|2) cat "$tmp/picker.out" ;;
        *) [ -s "$tmp/picker.out" ] && cat "$tmp/picker.out" || echo "FAIL page-picker: the checker said nothing"
           failed=1 ;;
    esac
done

# a text given a stored article's id is not stored, and the page says so; the
# API's "warnings" about a text (of no word) are shown above its answer
rm -rf "$tmp/profile-check"
# shellcheck disable=SC2086  # $to is a command prefix or nothing
$to python3 tests/page_check.py "$chromium" "$base" "$orig" "$tmp/profile-check" >"$tmp/check-page.out"
case $? in
    0|2) cat "$tmp/check-page.out" ;;
    *) [ -s "$tmp/check-page.out" ] && cat "$tmp/check-page.out" || echo "FAIL page-check-taken-id: the checker said nothing"
       failed=1 ;;
esac

# the server stopped under the page, then started again: said so, and
# "Try again" (its own server, on the same database)
rm -rf "$tmp/profile-stopped"
# shellcheck disable=SC2086  # $to is a command prefix or nothing
$to python3 tests/page_stopped.py "$chromium" "$bin" "$tmp/news.db" "$tmp/profile-stopped" >"$tmp/stopped.out"
case $? in
    0|2) cat "$tmp/stopped.out" ;;
    *) [ -s "$tmp/stopped.out" ] && cat "$tmp/stopped.out" || echo "FAIL page-server-stopped: the checker said nothing"
       failed=1 ;;
esac

# screenshots: present, PNG, not tiny
bad=
for f in list story diff; do
    if [ "$(head -c 8 "$tmp/$f.png" 2>/dev/null | od -An -c | tr -d ' ')" != '211PNG\r\n032\n' ] ||
        [ "$(wc -c <"$tmp/$f.png")" -lt 10000 ]; then
        bad="$bad $f.png"
    fi
done
if [ -n "$bad" ]; then
    echo "FAIL browser-screenshots: missing or blank:$bad"
    failed=1
else
    cp "$tmp/list.png" "$shots/stories.png" 2>/dev/null
    cp "$tmp/story.png" "$shots/story.png" 2>/dev/null
    cp "$tmp/diff.png" "$shots/diff.png" 2>/dev/null
    # the README's, smaller (to a quarter): 256 colours, no dithering,
    # recompressed, when pngquant and optipng are installed
    small=
    if [ -n "${SHOTS:-}" ] && command -v pngquant >/dev/null 2>&1 && command -v optipng >/dev/null 2>&1; then
        small=", made smaller"
        for f in stories story diff; do
            pngquant --force --nofs --quality=80-95 --speed 1 --output "$shots/$f.png" "$shots/$f.png" 2>/dev/null
            optipng -quiet -o2 "$shots/$f.png" 2>/dev/null
        done
    fi
    echo "PASS browser-screenshots: stories.png, story.png, diff.png${SHOTS:+ in $SHOTS}$small"
fi

# The server stops cleanly on SIGTERM (under ASan: without a leak report).
kill "$pid" 2>/dev/null
wait "$pid"
status=$?
pid=
if [ "$status" -ne 0 ]; then
    echo "FAIL browser-server-exit: newsprint serve exited with status $status on SIGTERM:"
    tail -5 "$tmp/server.log" | sed 's/^/  /'
    failed=1
else
    echo "PASS browser-server-exit"
fi
if [ $failed -ne 0 ]; then
    echo "  (page: $base; Chromium's log:)"
    tail -3 "$tmp/chromium.log" | sed 's/^/  /'
fi
exit $failed
