#!/bin/sh
# Store tests: `add` in batches gives the answer of one `cluster` run,
# duplicates are skipped, other parameters are refused, a killed add leaves
# a consistent database that a rerun completes, bad files get clear errors.
#   sh tests/store.sh build/newsprint
set -u
BIN=$1
ROOT=$(cd "$(dirname "$0")/.." && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass() { echo "PASS store/$1"; }
fail() { echo "FAIL store/$1: $2"; }
check() { # name condition-command... (message from $msg); a chain of
    # conditions is given as one: check NAME eval '[ ... ] && cmp ...'
    name=$1; shift
    if "$@"; then pass "$name"; else fail "$name" "${msg:-}"; fi
}
# python3 drives the checks that read, edit or hold a database through its
# sqlite3 module: the first python3 that has the module (one built without
# it, as pyenv builds it where libsqlite3-dev is missing, failed a dozen
# checks on ImportError; Debian's /usr/bin/python3 has it)
have_python=0
PY=
for py in python3 /usr/bin/python3; do
    if "$py" -c 'import sqlite3' >/dev/null 2>&1; then
        have_python=1
        PY=$py
        break
    fi
done

# A database's answer consistent with itself: every grouped article in one
# story whose row counts it, stories and storylines numbered from 0 with
# their counts, every copy link to a stored article.  Prints "ok all" (every
# article grouped), "ok grouped" (those grouped) or what is wrong.
db_consistent() { # DB
    "$PY" - "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
q = lambda sql: db.execute(sql).fetchall()
bad = []
if q("PRAGMA integrity_check")[0][0] != "ok":
    bad.append("integrity")
grouped = int((q("SELECT value FROM meta WHERE key = 'grouped'") or [("0",)])[0][0])
n_grouped = q("SELECT count(*) FROM articles WHERE seq <= %d" % grouped)[0][0]
if q("SELECT count(*) FROM grouping")[0][0] != n_grouped:
    bad.append("grouping rows")
if q("SELECT count(*) FROM grouping g LEFT JOIN story_articles m ON m.seq = g.seq AND m.story = g.story "
     "WHERE m.seq IS NULL")[0][0]:
    bad.append("an article not in its story")
stories = q("SELECT story, storyline, n_articles FROM stories ORDER BY story")
if [s[0] for s in stories] != list(range(len(stories))):
    bad.append("story numbers")
members = dict(q("SELECT story, count(*) FROM story_articles GROUP BY story"))
if any(members.get(s, 0) != n or n == 0 for s, _, n in stories):
    bad.append("story counts")
if q("SELECT count(*) FROM story_articles")[0][0] != n_grouped:
    bad.append("story members")
lines = q("SELECT storyline, n_stories FROM storylines ORDER BY storyline")
if [l[0] for l in lines] != list(range(len(lines))):
    bad.append("storyline numbers")
per = {}
for _, line, _ in stories:
    per[line] = per.get(line, 0) + 1
if any(per.get(l, 0) != n for l, n in lines) or len(per) != len(lines):
    bad.append("storyline counts")
if q("SELECT count(*) FROM grouping g JOIN stories s ON s.story = g.story WHERE s.storyline != g.storyline")[0][0]:
    bad.append("an article's storyline")
if q("SELECT count(*) FROM links l LEFT JOIN articles a ON a.seq = l.copy_of WHERE a.seq IS NULL")[0][0]:
    bad.append("a link to no article")
if q("SELECT count(*) FROM grouping g LEFT JOIN links l ON l.seq = g.seq WHERE "
     "(g.relation IN ('exact', 'near', 'excerpt', 'rewrite')) != (l.seq IS NOT NULL)")[0][0]:
    bad.append("links and relations")
total = q("SELECT count(*) FROM articles")[0][0]
print(" ".join(bad) if bad else ("ok all" if total == n_grouped else "ok grouped"))
PY
}

cd "$ROOT" || exit 1
A=examples/articles
# The example corpus in a fixed order, split into parts.
ls "$A"/*.txt | LC_ALL=C sort > "$T/files"
set -- $(cat "$T/files")
all_inputs="$* examples/corpus.jsonl"

# 1. One cluster run over every input, the reference answer.
"$BIN" cluster --format json --quiet $all_inputs > "$T/ref.json" 2>/dev/null
"$BIN" cluster --format text --quiet $all_inputs > "$T/ref.txt" 2>/dev/null

# 2. The same inputs added in k batches (k = 1, 2, 3, and one file at a time).
for k in 1 2 3 30; do
    rm -f "$T/k.db"*
    n=$(printf '%s\n' $all_inputs | wc -l)
    per=$(( (n + k - 1) / k ))
    printf '%s\n' $all_inputs | split -l "$per" - "$T/part."
    ok=1
    for p in "$T"/part.*; do
        "$BIN" add --db "$T/k.db" --quiet $(cat "$p") || ok=0
    done
    rm -f "$T"/part.*
    "$BIN" stories --db "$T/k.db" --format json > "$T/k.json" 2>"$T/k.err" || ok=0
    "$BIN" stories --db "$T/k.db" --format text > "$T/k.txt" 2>>"$T/k.err" || ok=0
    msg="$k batches differ from one cluster run: $(diff "$T/ref.json" "$T/k.json" | head -5)"
    check "batches-$k" eval '[ $ok -eq 1 ] && cmp -s "$T/ref.json" "$T/k.json" && cmp -s "$T/ref.txt" "$T/k.txt"'
done

# 2b. The same database at any thread count.
rm -f "$T/t1.db"* "$T/t3.db"*
"$BIN" add --db "$T/t1.db" --quiet --threads 1 $all_inputs
"$BIN" add --db "$T/t3.db" --quiet --threads 3 $all_inputs
"$BIN" stories --db "$T/t1.db" --format json > "$T/t1.json" 2>/dev/null
"$BIN" stories --db "$T/t3.db" --format json > "$T/t3.json" 2>/dev/null
msg="--threads 1 and 3 differ"
check threads-invariant cmp -s "$T/t1.json" "$T/t3.json" && cmp -s "$T/ref.json" "$T/t3.json"

# 3. Batches in another order: the answer of cluster over that order.
rm -f "$T/r.db"*
rev=$(printf '%s\n' $all_inputs | LC_ALL=C sort -r)
for f in $rev; do "$BIN" add --db "$T/r.db" --quiet "$f"; done
"$BIN" cluster --format json --quiet $rev > "$T/rref.json" 2>/dev/null
"$BIN" stories --db "$T/r.db" --format json > "$T/r.json" 2>/dev/null
msg="reversed batches: $(diff "$T/rref.json" "$T/r.json" | head -5)"
check batches-reversed cmp -s "$T/rref.json" "$T/r.json"

# 3b. An incremental add (add --incremental): the new articles answered
#     against the stored grouping.  The examples but a near copy (03) and a
#     report of a stored story (15) are added in full; then, incrementally,
#     those two, two copies of one new text (n1, n2, the earlier n1 the
#     original) and a text of nothing stored (u1).  The copy copies its
#     stored original and joins its story, the report joins its story, the
#     two new copies are one family in a story of their own, the unrelated
#     text is a story alone; the answer is consistent and stories says it
#     is incremental.  An add with no input then groups in full: the answer
#     of cluster over the same articles in the same order.
if [ $have_python -eq 1 ]; then
    rm -f "$T/inc.db"*
    late="$A/03-harborton-strike-portwatch.txt $A/15-orvanne-quake-courier.txt"
    early=$(for f in $all_inputs; do case " $late " in *" $f "*) ;; *) echo "$f" ;; esac; done)
    twin='The Wexley public library reopened on Saturday after an eighteen month restoration that replaced its leaking copper roof, rebuilt the reading room and added a children\u0027s wing. Librarian Ottilie Marsh said more than nine hundred residents queued at the doors before they opened at ten. The council paid 4.2 million for the work, and a local trust raised the rest from two thousand donors.'
    other='Brindlemoor chess club won the county league for the third year running on Sunday, beating Ashcombe four games to two in a final that lasted almost seven hours. Captain Radu Ellery sacrificed a rook on move thirty one and forced mate nine moves later. The club now plays the national knockout rounds in Carrowgate next spring.'
    printf '{"id":"n1","date":"2025-03-20","text":"%s"}\n{"id":"n2","date":"2025-03-21","text":"%s"}\n{"id":"u1","date":"2025-03-20","text":"%s"}\n' \
        "$twin" "$twin" "$other" > "$T/inc.jsonl"
    "$BIN" add --db "$T/inc.db" --quiet $early
    "$BIN" add --db "$T/inc.db" --incremental $late "$T/inc.jsonl" 2> "$T/inc.add.err"
    "$BIN" stories --db "$T/inc.db" --format jsonl > "$T/inc.out" 2> "$T/inc.err"
    answers=$("$PY" - "$T/inc.out" <<'PY'
import json, sys
a = {r["id"]: r for r in map(json.loads, open(sys.argv[1]))}
s = lambda i: a[i]["story"]
c = "03-harborton-strike-portwatch"
checks = {
    "copy": a[c]["relation"] == "near" and a[c]["copy_of"] == "01-harborton-strike-wirepress" and
            s(c) == s("01-harborton-strike-wirepress"),
    "report": a["15-orvanne-quake-courier"]["relation"] == "report" and
              s("15-orvanne-quake-courier") == s("14-orvanne-quake-newsline"),
    "twins": a["n1"]["relation"] == "original" and a["n2"]["relation"] == "exact" and a["n2"]["copy_of"] == "n1" and
             s("n1") == s("n2") and sum(r["story"] == s("n1") for r in a.values()) == 2,
    "alone": sum(r["story"] == s("u1") for r in a.values()) == 1 and a["u1"]["relation"] == "report",
}
print(" ".join(k for k, ok in checks.items() if not ok) or "ok")
PY
)
    consistent=$(db_consistent "$T/inc.db")
    msg="answers wrong: $answers; database: $consistent; said: $(cat "$T/inc.err" "$T/inc.add.err" | head -c 600)"
    check incremental-answers eval '[ "$answers" = ok ] && [ "$consistent" = "ok all" ] &&
        grep -q "stories: 5 of the 28 articles in .*inc.db were grouped incrementally" "$T/inc.err" &&
        grep -q "add: 5 of them grouped incrementally since the last full grouping" "$T/inc.add.err"'
    "$BIN" add --db "$T/inc.db" --quiet
    "$BIN" stories --db "$T/inc.db" --format json > "$T/inc.json" 2> "$T/inc.full.err"
    "$BIN" cluster --format json --quiet $early $late "$T/inc.jsonl" > "$T/incref.json" 2>/dev/null
    msg="the full grouping after the incremental one differs from cluster: $(diff "$T/incref.json" "$T/inc.json" | head -5) $(cat "$T/inc.full.err")"
    check incremental-then-full-is-cluster eval 'cmp -s "$T/incref.json" "$T/inc.json" && [ ! -s "$T/inc.full.err" ]'
    # 3c. A stored story that takes, incrementally, an article dated before
    #     its first one takes that article's title, as the full grouping
    #     names it (the title of its first article in time order); it
    #     kept the title of the last full grouping.
    rm -f "$T/retitle.db"*
    printf '{"id":"e1","date":"2025-03-10","title":"Orvanne Valley shaken before dawn","text":"An earthquake of magnitude 6.1 shook the Orvanne Valley before dawn, killing at least fourteen people in Vell and Dunmere, where rescuers worked through the night lifting concrete by hand to reach survivors of the quake."}\n' > "$T/early.jsonl"
    "$BIN" add --db "$T/retitle.db" --quiet $early
    "$BIN" add --db "$T/retitle.db" --quiet --incremental $late "$T/early.jsonl"
    story_title() { # DB: the title of the story holding e1, and how many articles it holds
        "$PY" -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(*db.execute("SELECT s.title, s.n_articles FROM stories s JOIN story_articles m ON m.story = s.story JOIN articles a ON a.seq = m.seq WHERE a.id = ?", ("e1",)).fetchone(), sep="|")' "$1"
    }
    inc_title=$(story_title "$T/retitle.db")
    "$BIN" add --db "$T/retitle.db" --quiet
    full_title=$(story_title "$T/retitle.db")
    msg="incremental: $inc_title; full: $full_title"
    check incremental-story-retitled eval '[ "$inc_title" = "$full_title" ] &&
        [ "$inc_title" = "Orvanne Valley shaken before dawn|5" ]'
else
    echo "SKIP store/incremental: no python3 with its sqlite3 module (it reads the answer and the database)"
fi

# 4. The same ids again: skipped with a notice, nothing duplicated.
"$BIN" add --db "$T/k.db" "$A" > /dev/null 2> "$T/dup.err"
rc=$?
"$BIN" stories --db "$T/k.db" --format json > "$T/dup.json" 2>/dev/null
msg="rc $rc, stderr: $(head -3 "$T/dup.err")"
check duplicates-skipped eval '[ $rc -eq 0 ] && grep -q "already in" "$T/dup.err" && cmp -s "$T/ref.json" "$T/dup.json"'

# 4b. A record skipped in the inputs (an id given twice in them, a binary
#     file) makes the exit status 1, as add --help says (it said only an
#     input skipped as unreadable did), the others added.
printf '{"id":"twice","text":"The ferry to Harlow ran late on Monday, the harbour office said."}\n' > "$T/twice.jsonl"
printf '{"id":"twice","text":"The bus to Harlow ran late on Monday, the depot said."}\n' >> "$T/twice.jsonl"
printf '\0\1\2\3binary\0' > "$T/blob.txt"
rm -f "$T/skip.db"*
"$BIN" add --db "$T/skip.db" --quiet "$T/twice.jsonl" "$T/blob.txt" > /dev/null 2> "$T/skip.err"
rc=$?
msg="rc $rc, stderr: $(head -3 "$T/skip.err")"
check records-skipped-status eval '[ $rc -eq 1 ] && grep -q "duplicate id" "$T/skip.err" && grep -q "binary" "$T/skip.err" &&
    "$BIN" add --help | grep -q "refused as binary or invalid JSON, an id given"'

# 5. Other parameters are refused, the database's own are accepted.
"$BIN" add --db "$T/k.db" --param story_threshold=0.4 "$A" > /dev/null 2> "$T/param.err"
rc=$?
msg="rc $rc, stderr: $(cat "$T/param.err")"
check params-refused eval '[ $rc -ne 0 ] && grep -q "story_threshold" "$T/param.err"'
"$BIN" add --db "$T/k.db" --param story_threshold=0.25 --quiet "$A" > /dev/null 2>&1
msg="the stored value was refused"
check params-same-accepted [ $? -eq 0 ]
rm -f "$T/p.db"*
"$BIN" add --db "$T/p.db" --param story_threshold=0.4 --quiet "$A"
"$BIN" stories --db "$T/p.db" --explain-params > "$T/p.params"
msg="$(grep story_threshold "$T/p.params")"
check params-stored grep -q "story_threshold *= 0.400" "$T/p.params"
# ... and written to -o as an answer is (they went to standard output, no file made)
"$BIN" stories --db "$T/p.db" --explain-params -o "$T/p.params-o" > "$T/p.params-o.out" 2>&1
check params-to-output eval 'cmp -s "$T/p.params" "$T/p.params-o" && [ ! -s "$T/p.params-o.out" ]'
# ... and in --format json, JSON (it printed the text lines whatever the format)
"$BIN" stories --db "$T/p.db" --explain-params --format json > "$T/p.params.json"
msg="$(head -c 300 "$T/p.params.json")"
check params-json grep -q '^{"name":"story_threshold","value":0.400,"meaning":' "$T/p.params.json"
# A database made before a parameter was added (its stored text lacks the
# line) takes it at its default: add goes on there, and refuses another value.
if [ $have_python -eq 1 ]; then
    "$PY" - "$T/p.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
(text,) = db.execute("SELECT value FROM meta WHERE key = 'params'").fetchone()
text = "".join(l for l in text.splitlines(True) if not l.startswith("short_words"))
db.execute("UPDATE meta SET value = ? WHERE key = 'params'", (text,))
db.commit()
PY
    "$BIN" add --db "$T/p.db" --param story_threshold=0.4 --quiet "$A" > /dev/null 2> "$T/newer.err"
    rc1=$?
    "$BIN" add --db "$T/p.db" --param story_threshold=0.4 --param short_words=20 "$A" > /dev/null 2> "$T/newer2.err"
    rc2=$?
    msg="rc $rc1 then $rc2: $(cat "$T/newer.err" "$T/newer2.err")"
    check params-newer-at-default eval '[ $rc1 -eq 0 ] && [ $rc2 -ne 0 ] && grep -q "short_words = 50, not 20" "$T/newer2.err"'
else
    echo "SKIP store/params-newer-at-default: no python3 with its sqlite3 module (it edits the stored parameters)"
fi

# 6. Bad database files: clear errors naming the file.
"$BIN" stories --db "$T/missing.db" > /dev/null 2> "$T/e1"
rc1=$?
head -c 5000 /dev/urandom > "$T/junk.db"
"$BIN" stories --db "$T/junk.db" > /dev/null 2> "$T/e2"
rc2=$?
"$BIN" add --db "$T/junk.db" "$A" > /dev/null 2> "$T/e3"
rc3=$?
msg="$(cat "$T/e1" "$T/e2" "$T/e3")"
check bad-db-files eval '[ $rc1 -ne 0 ] && [ $rc2 -ne 0 ] && [ $rc3 -ne 0 ] && grep -q "missing.db" "$T/e1" &&
    grep -q "junk.db" "$T/e2" && grep -q "junk.db" "$T/e3"'
"$BIN" show --db "$T/k.db" no-such-article > /dev/null 2> "$T/e4"
rc=$?
msg="$(cat "$T/e4")"
check show-unknown-id eval '[ $rc -ne 0 ] && grep -q "no-such-article" "$T/e4"'
# An ID given as '' (an unset shell variable) is a usage error, as an input
# given so is: it said "no article '' in k.db" with status 1; a -- with
# nothing after it is no ID (it was taken for the ID '--').
for command in show similar; do
    "$BIN" $command --db "$T/k.db" '' > "$T/id-empty.out" 2> "$T/id-empty.err"
    rc1=$?
    "$BIN" $command --db "$T/k.db" -- > "$T/id-dashes.out" 2> "$T/id-dashes.err"
    rc2=$?
    msg="$command: $rc1 $rc2 $(cat "$T/id-empty.err" "$T/id-dashes.err")"
    check $command-id-empty eval '[ $rc1 -eq 2 ] && [ $rc2 -eq 2 ] && [ ! -s "$T/id-empty.out" ] && [ ! -s "$T/id-dashes.out" ] &&
        grep -q "$command: the article ID is an empty name" "$T/id-empty.err" && ! grep -q "no article" "$T/id-dashes.err"'
done

# 6-damaged. A damaged database (cut short, a page overwritten) is said to
#     be damaged, with what to do, by add and by the readers (SQLite's
#     "database disk image is malformed" was said alone).
head -c 50000 "$T/k.db" > "$T/cut.db"
"$BIN" add --db "$T/cut.db" "$A" > /dev/null 2> "$T/cut.add"
rc1=$?
"$BIN" stories --db "$T/cut.db" > /dev/null 2> "$T/cut.stories"
rc2=$?
msg="status $rc1, $rc2: $(cat "$T/cut.add" "$T/cut.stories")"
check damaged-db-said eval '[ $rc1 -eq 1 ] && [ $rc2 -eq 1 ] &&
    grep -q "cut.db: .*the file is damaged (SQLite: database disk image is malformed): restore it from a copy" "$T/cut.add" &&
    grep -q "cut.db: .*the file is damaged (SQLite: database disk image is malformed): restore it from a copy" "$T/cut.stories"'

# 6a. --db naming a directory, or a file in a missing directory: the reason
#     (SQLite says only "unable to open database file"; then the system's
#     "No such file or directory" named neither the directory nor what to do).
"$BIN" add --db "$T" "$A" > /dev/null 2> "$T/e8"
rc1=$?
"$BIN" add --db "$T/no/such/x.db" "$A" > /dev/null 2> "$T/e9"
rc2=$?
msg="exit status $rc1 and $rc2: $(cat "$T/e8" "$T/e9")"
check db-path-reasons eval '[ $rc1 -eq 1 ] && [ $rc2 -eq 1 ] && grep -q "a directory, not a database" "$T/e8" &&
    grep -q "no/such/x.db: cannot create: its directory .*/no/such does not exist (make it first: mkdir -p " "$T/e9"'

# 6a1b. --db naming no regular file: a character device, a named pipe, a
#      directory's name ending in '/' (stories read /dev/null as an empty
#      database, telling to add to it; a pipe was an 'Illegal seek'; an add
#      to "news/" made the file news).
mkfifo "$T/pipe.db" 2>/dev/null
"$BIN" stories --db /dev/null > /dev/null 2> "$T/e9a"
rc1=$?
"$BIN" add --db "$T/pipe.db" "$A" > /dev/null 2> "$T/e9b"
rc2=$?
"$BIN" add --db "$T/newdir/" "$A" > /dev/null 2> "$T/e9c"
rc3=$?
msg="status $rc1 $rc2 $rc3: $(cat "$T/e9a" "$T/e9b" "$T/e9c"); $(ls -d "$T"/newdir* 2>&1)"
check db-path-not-a-file eval '[ $rc1 -eq 1 ] && [ $rc2 -eq 1 ] && [ $rc3 -eq 1 ] &&
    grep -q "^newsprint: stories: /dev/null: a character device, not a database file$" "$T/e9a" &&
    grep -q "pipe.db: a named pipe (FIFO), not a database file$" "$T/e9b" &&
    grep -q "newdir/: a directory.s name (it ends in ./.), not a database file: name the file (.*newdir/news.db)$" "$T/e9c" &&
    ! ls -d "$T"/newdir* > /dev/null 2>&1'

# 6a2. add with no input and no database: a usage error that makes no
#      file (it made an empty database and said it holds 0 articles).
"$BIN" add --db "$T/none.db" > /dev/null 2> "$T/e10"
rc=$?
msg="exit status $rc: $(cat "$T/e10"); $(ls "$T"/none.db* 2>&1)"
check add-no-input-no-db eval '[ $rc -eq 2 ] && grep -q "no input given, and .*none.db is no database yet" "$T/e10" &&
    ! ls "$T"/none.db* > /dev/null 2>&1'

# 6a2b. add of inputs that hold no article (an empty directory, a binary
#       file refused) into a missing database makes no file, and says so
#       (it left an empty database behind, which it said held 0 articles);
#       the exit status is as before (0, or 1 for the record refused).
mkdir -p "$T/nothing"
"$BIN" add --db "$T/nothing.db" "$T/nothing" > /dev/null 2> "$T/e10b"
rc=$?
printf '\0\1\2\3binary\0' > "$T/nothing-blob.txt"
"$BIN" add --db "$T/nothing2.db" --quiet "$T/nothing-blob.txt" > /dev/null 2> "$T/e10c"
rc2=$?
msg="exit status $rc, $rc2: $(cat "$T/e10b" "$T/e10c"); $(ls "$T"/nothing*.db* 2>&1)"
check add-nothing-makes-no-db eval '[ $rc -eq 0 ] && [ $rc2 -eq 1 ] &&
    grep -q "no article stored, so .*nothing.db was not made" "$T/e10b" && ! grep -q "holds 0 articles" "$T/e10b" &&
    ! ls "$T"/nothing.db* "$T"/nothing2.db* > /dev/null 2>&1'

# 6a2c. --db a symbolic link to no file yet: SQLite makes the file it names;
#       inputs that hold no article make none there and keep the link (the
#       link was removed, the empty database it named left behind); with
#       articles the database is made there, the link kept.
mkdir -p "$T/linked"
ln -s target.db "$T/linked/link.db"
"$BIN" add --db "$T/linked/link.db" "$T/nothing" > /dev/null 2> "$T/e10d"
rc=$?
left=$(cd "$T/linked" && ls -A | tr '\n' ' ')
"$BIN" add --db "$T/linked/link.db" --quiet "$A/01-harborton-strike-wirepress.txt"
rc2=$?
msg="exit status $rc, $rc2; left after nothing was stored: $left; then: $(ls -l "$T/linked" | tr '\n' ' '); $(cat "$T/e10d")"
check add-nothing-through-link eval '[ $rc -eq 0 ] && [ "$left" = "link.db " ] && [ $rc2 -eq 0 ] &&
    [ -L "$T/linked/link.db" ] && [ -s "$T/linked/target.db" ]'

# 6a3. A story without a title is named as the web page names it, and as
#      an untitled article is: by its original's first words ('(no title)'
#      in show and stories, 'Untitled: ...' on the page; then 'Untitled: '
#      and its keywords or its original's id, beside articles named by
#      their words).
printf '{"id":"nt1","text":"lower case words only, about nothing in particular at all"}\n' > "$T/nt.jsonl"
"$BIN" add --db "$T/nt.db" --quiet "$T/nt.jsonl"
"$BIN" show --db "$T/nt.db" nt1 > "$T/nt.show" 2>&1
"$BIN" stories --db "$T/nt.db" > "$T/nt.stories" 2>&1
msg="$(head -3 "$T/nt.show" "$T/nt.stories")"
check untitled-story-name eval 'grep -q "story s1 (storyline l1), 1 article, undated: Untitled: lower case words only, about nothing in particular at all$" "$T/nt.show" &&
    grep -q "^  Untitled: lower case words only, about nothing in particular at all$" "$T/nt.stories"'

# 6a4. An article without a title is named as such a story is, by its
#      words: its first ones ('(no title)' in show and similar, where its
#      story was 'Untitled: ...'); one given by similar --file too.
printf '{"id":"nt2","text":"lower case words only, about nothing in particular at all, said twice over by a man who liked to talk about nothing"}\n' > "$T/nt2.jsonl"
"$BIN" add --db "$T/nt.db" --quiet "$T/nt2.jsonl"
"$BIN" show --db "$T/nt.db" nt2 > "$T/nt2.show" 2>&1
"$BIN" similar --db "$T/nt.db" nt1 > "$T/nt2.similar" 2>&1
"$BIN" similar --db "$T/nt.db" --file "$T/nt2.jsonl" > "$T/nt2.file" 2>&1
msg="$(head -1 "$T/nt2.show" "$T/nt2.similar" "$T/nt2.file")"
check untitled-article-name eval 'grep -q "^nt2  Untitled: lower case words only, about nothing in particular at all…$" "$T/nt2.show" &&
    grep -q "^nt1  Untitled: lower case words only, about nothing in particular at all$" "$T/nt2.similar" &&
    grep -q "^nt2 (not stored)  Untitled: lower case words only, about nothing in particular at all…$" "$T/nt2.file"'

# 6a4b. An article cleaning kept no paragraph of (a web page of a title and
#       a menu): show says it has no text, as the web page does (its
#       report ended at the storyline, the body's place unsaid).
printf '{"id":"no-text","html":"<html><head><title>Council notice</title></head><body><nav><a href=\\"/\\">Home</a></nav></body></html>"}\n' > "$T/no-text.jsonl"
"$BIN" add --db "$T/no-text.db" --quiet "$T/no-text.jsonl"
"$BIN" show --db "$T/no-text.db" no-text > "$T/no-text.show" 2>&1
msg="$(cat "$T/no-text.show")"
check show-no-text eval 'grep -q "0 words" "$T/no-text.show" &&
    [ "$(tail -1 "$T/no-text.show" | cut -c1-48)" = "(no text: cleaning kept no paragraph of this art" ]'

# 6a5. cluster, stories and group name an untitled article as show does,
#      by its first words (they gave its id alone: '-  report  nt3'),
#      cut between characters where the text is not ASCII; stories and
#      group still give cluster's bytes, from the store and from shards.
printf '{"id":"nt3","text":"Flood waters rose in the old town of Dunmore on Thursday, çéféş and shops closed early as the river broke its banks.\\n\\nThe mayor said the water would stay for a week."}\n{"id":"nt4","text":"Flood waters rose in the old town of Dunmore on Thursday, çéféş and shops closed early as the river broke its banks.\\n\\nThe mayor said the water would stay for a week or more."}\n' > "$T/nt3.jsonl"
"$BIN" cluster --quiet "$T/nt3.jsonl" > "$T/nt3.cluster" 2>&1
"$BIN" cluster --quiet --copies-only "$T/nt3.jsonl" > "$T/nt3.copies" 2>&1
"$BIN" add --db "$T/nt3.db" --quiet "$T/nt3.jsonl"
"$BIN" stories --db "$T/nt3.db" > "$T/nt3.stories" 2>&1
"$BIN" sign -o "$T/nt3.shard" --quiet "$T/nt3.jsonl" && "$BIN" group --quiet "$T/nt3.shard" > "$T/nt3.group" 2>&1
msg="$(cat "$T/nt3.cluster" "$T/nt3.copies")"
name3="Untitled: Flood waters rose in the old town of Dunmore on Thursday…"
check untitled-article-name-in-reports eval 'grep -q "original nt3  $name3$" "$T/nt3.cluster" &&
    grep -q "of nt3 ([0-9.]*)  nt4  $name3$" "$T/nt3.cluster" &&
    grep -q "original nt3  $name3$" "$T/nt3.copies" &&
    cmp -s "$T/nt3.cluster" "$T/nt3.stories" && cmp -s "$T/nt3.cluster" "$T/nt3.group"'

# 6a6. An exact, near or excerpt copy is decided before its sentences are
#      aligned: show says no alignment for it (it said 'aligned 0.00, in
#      order 0.00' beside 15 shared sentences), show --format json null;
#      a rewrite's is said.
"$BIN" show --db "$T/k.db" 02-harborton-strike-coastal-ledger > "$T/ex.show" 2>&1
"$BIN" show --db "$T/k.db" --format json 02-harborton-strike-coastal-ledger > "$T/ex.json" 2>&1
"$BIN" show --db "$T/k.db" 09-callisford-bridge-spun > "$T/rw.show" 2>&1
msg="$(sed -n 3p "$T/ex.show" "$T/rw.show")"
check unmeasured-alignment-not-said eval 'grep -q "^  exact of 01-harborton-strike-wirepress (score 1.00): jaccard 1.00, shared sentences 15, containment 1.00$" "$T/ex.show" &&
    grep -q "\"aligned\":null,\"in_order\":null" "$T/ex.json" &&
    grep -q "^  rewrite of 08-callisford-bridge-newsline (score 0.69): .*, aligned 0.69, in order 0.69$" "$T/rw.show"'

# 6a7. A story alone in its storyline: show says "no other story", as
#      similar does (it read "storyline l3: stories s3", the story
#      itself as the list); a storyline of more lists them all.
"$BIN" show --db "$T/k.db" 18-saltmere-terminal-expansion > "$T/lone.show" 2>&1
"$BIN" similar --db "$T/k.db" 18-saltmere-terminal-expansion > "$T/lone.similar" 2>&1
"$BIN" show --db "$T/k.db" 01-harborton-strike-wirepress > "$T/line.show" 2>&1
msg="$(grep -h "storyline l[0-9]*:" "$T/lone.show" "$T/lone.similar" "$T/line.show")"
check storyline-alone-said eval 'line=$(grep "^  storyline l[0-9]*: no other story$" "$T/lone.show") &&
    grep -qx -- "$line" "$T/lone.similar" &&
    grep -q "^  storyline l[0-9]*: stories s[0-9]* s[0-9]*$" "$T/line.show"'

# 6b. stories -o naming the database is refused: the answer would replace it.
cp "$T/k.db" "$T/o.db"
"$BIN" stories --db "$T/o.db" -o "$T/o.db" > /dev/null 2> "$T/e5"
rc=$?
msg="exit status $rc: $(cat "$T/e5")"
check stories-output-is-db eval '[ $rc -eq 2 ] && grep -q "written over" "$T/e5" && cmp -s "$T/k.db" "$T/o.db"'

# 6b1. stories --explain with --format csv, which has no column for the
#      evidence: said on standard error (it was ignored without a word).
"$BIN" stories --db "$T/k.db" --format csv > "$T/csv.plain" 2>/dev/null
"$BIN" stories --db "$T/k.db" --format csv --explain > "$T/csv.explain" 2> "$T/csv.err"
rc=$?
msg="exit status $rc: $(cat "$T/csv.err")"
check stories-explain-csv eval '[ $rc -eq 0 ] && cmp -s "$T/csv.plain" "$T/csv.explain" &&
    grep -q -e "stories: --explain is not applied.*csv" "$T/csv.err"'
# ... but not under --quiet, which promises no notices on standard error
#     (the note was printed under --quiet too)
"$BIN" stories --db "$T/k.db" --format csv --explain --quiet > "$T/csv.quiet" 2> "$T/csv.quiet.err"
rc=$?
msg="exit status $rc: $(cat "$T/csv.quiet.err")"
check stories-explain-csv-quiet eval '[ $rc -eq 0 ] && cmp -s "$T/csv.plain" "$T/csv.quiet" && [ ! -s "$T/csv.quiet.err" ]'

# 6b2. stories --since a day the calendar lacks: a usage error naming the
#      option and the value (2004-02-30 was once taken as a cut-off).
bad_since=
for d in 2004-02-30 2004-13-01 2004-00-10 2003-02-29 2004-04-31; do
    "$BIN" stories --db "$T/k.db" --since "$d" > "$T/since.out" 2> "$T/since.err"
    rc=$?
    { [ $rc -eq 2 ] && grep -q -e "--since.*'$d'" "$T/since.err" && [ ! -s "$T/since.out" ]; } ||
        bad_since="$bad_since $d (status $rc: $(cat "$T/since.err"))"
done
"$BIN" stories --db "$T/k.db" --since 2004-02-29 --format csv > /dev/null 2>&1 || bad_since="$bad_since 2004-02-29 refused"
msg="$bad_since"
check stories-since-impossible-day [ -z "$bad_since" ]

# 6b2b. stories --since a day after every story: the empty answer on
#       standard output (text: nothing; JSON: no storyline listed either,
#       each once listed with no story) and standard error saying none is
#       that recent, with the latest date there; status 0; --quiet says nothing.
latest=$("$BIN" stories --db "$T/k.db" --format json 2>/dev/null |
    grep -o '"last_date":"[0-9-]*"' | cut -d'"' -f4 | LC_ALL=C sort | tail -n 1)
"$BIN" stories --db "$T/k.db" --since 2999-01-01 > "$T/late.out" 2> "$T/late.err"
rc=$?
"$BIN" stories --db "$T/k.db" --since 2999-01-01 --format json > "$T/late.json" 2>/dev/null
"$BIN" stories --db "$T/k.db" --since 2999-01-01 --quiet > /dev/null 2> "$T/late.quiet"
msg="rc $rc, latest '$latest', stdout $(head -c 80 "$T/late.out"), json $(head -c 80 "$T/late.json"), stderr: $(cat "$T/late.err" "$T/late.quiet")"
check stories-since-none-said eval '[ $rc -eq 0 ] && [ -n "$latest" ] && [ ! -s "$T/late.out" ] &&
    grep -q "no story in .*k.db has an article dated 2999-01-01 or later (its latest is dated $latest)" "$T/late.err" &&
    [ "$(cat "$T/late.json")" = "{\"articles\":[],\"stories\":[],\"storylines\":[]}" ] && [ ! -s "$T/late.quiet" ]'

# 6b2c. Every command that writes to a full standard output says so, once,
#       naming standard output and why, with status 1 (similar and sign
#       --count failed silently; show and compare said "writing ... failed"
#       without a reason; --help, --version and --explain-params ended 0).
if [ -w /dev/full ]; then
    full_id=$("$BIN" stories --db "$T/k.db" --format jsonl 2>/dev/null | head -n 1 | sed 's/^{"id":"\([^"]*\)".*/\1/')
    bad_full=
    # said_to_full ARG...: newsprint ARG... with a full standard output
    # (the arguments as given: a $T with a space in it is one)
    said_to_full() {
        "$BIN" "$@" > /dev/full 2> "$T/full.said"
        rc=$?
        # the command named, as in every message (none before one is)
        case $1 in --*) named= ;; *) named="$1: " ;; esac
        { [ $rc -eq 1 ] && [ "$(wc -l < "$T/full.said")" -eq 1 ] &&
            grep -q "^newsprint: ${named}standard output: write failed: No space left on device$" "$T/full.said"; } ||
            bad_full="$bad_full [$*: status $rc: $(cat "$T/full.said")]"
    }
    said_to_full show --db "$T/k.db" "$full_id"
    said_to_full similar --db "$T/k.db" "$full_id"
    said_to_full similar --db "$T/k.db" --format json "$full_id"
    said_to_full compare "$A/01-harborton-strike-wirepress.txt" "$A/02-harborton-strike-coastal-ledger.txt"
    said_to_full compare --format json "$A/01-harborton-strike-wirepress.txt" "$A/02-harborton-strike-coastal-ledger.txt"
    said_to_full --help
    said_to_full cluster --help
    said_to_full --version
    said_to_full stories --db "$T/k.db" --explain-params
    said_to_full sign --count "$A"
    msg="$bad_full"
    check stdout-full-said eval '[ -n "$full_id" ] && [ -z "$bad_full" ]'
else
    echo "SKIP store/stdout-full-said: no /dev/full"
fi

# 6b3. stories -o a file that cannot be made fails before the database is
#      read (a large one takes a while): the output is named, not the
#      database, and nothing is left beside it.
"$BIN" stories --db "$T/missing.db" -o "$T/no/such/dir/out.jsonl" > /dev/null 2> "$T/e6"
rc=$?
msg="exit status $rc: $(cat "$T/e6")"
check stories-output-first eval '[ $rc -eq 1 ] && grep -q "no/such/dir/out.jsonl: cannot create" "$T/e6" &&
    ! grep -q "missing.db" "$T/e6"'

# 6b4. add refuses the ids cluster refuses (only spaces) and stores the rest.
printf '{"id":" ","text":"The pier opens in June, the harbour authority said on Monday."}\n{"id":"kept","text":"The pier opens in June, the harbour authority said on Monday."}\n' > "$T/blank.jsonl"
rm -f "$T/b.db"*
"$BIN" add --db "$T/b.db" --quiet "$T/blank.jsonl" > /dev/null 2> "$T/e7"
rc=$?
"$BIN" stories --db "$T/b.db" --format csv > "$T/b.csv" 2>/dev/null
msg="exit status $rc: $(cat "$T/e7"); stored: $(cat "$T/b.csv")"
check add-blank-id eval '[ $rc -eq 1 ] && grep -q "only spaces" "$T/e7" && [ "$(grep -c "^kept," "$T/b.csv")" -eq 1 ] &&
    [ "$(wc -l < "$T/b.csv")" -eq 2 ]'

# 6c. Another program's database is refused and left as it was (add once
#     turned it to WAL journaling before refusing it).
if [ $have_python -eq 1 ]; then
    "$PY" - "$T/other.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("CREATE TABLE notes(x)")
db.execute("INSERT INTO notes VALUES ('kept')")
db.commit()
PY
    cp "$T/other.db" "$T/other.keep"
    "$BIN" add --db "$T/other.db" "$A" > /dev/null 2> "$T/e6"
    rc=$?
    "$BIN" stories --db "$T/other.db" > /dev/null 2>> "$T/e6"
    rc2=$?
    msg="exit status $rc and $rc2: $(cat "$T/e6")"
    check foreign-db-untouched eval '[ $rc -eq 1 ] && [ $rc2 -eq 1 ] && grep -q "tables of its own" "$T/e6" &&
        cmp -s "$T/other.db" "$T/other.keep"'
    # 6c'. one whose user_version another program set (as many do) was 'made
    #      by a newer newsprint' (version 3 or more), or failed on a table it
    #      lacks ('no such table: meta', versions 1 and 2): it is another
    #      program's all the same, said so and left as it was
    errs=
    for v in 1 2 74; do
        "$PY" - "$T/other$v.db" "$v" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("CREATE TABLE notes(x)")
db.execute("INSERT INTO notes VALUES ('kept')")
db.execute("PRAGMA user_version = %d" % int(sys.argv[2]))
db.commit()
PY
        cp "$T/other$v.db" "$T/other$v.keep"
        for cmd in "add --db $T/other$v.db $A" "stories --db $T/other$v.db" "show --db $T/other$v.db x"; do
            "$BIN" $cmd > /dev/null 2> "$T/e6v"
            rc=$?
            [ $rc -eq 1 ] && grep -q "other$v.db: not a newsprint database (it has tables of its own" "$T/e6v" ||
                errs="$errs [$cmd: status $rc: $(cat "$T/e6v")]"
        done
        cmp -s "$T/other$v.db" "$T/other$v.keep" || errs="$errs [other$v.db changed]"
    done
    msg=$errs
    check foreign-db-user-version eval '[ -z "$errs" ]'
else
    echo "SKIP store/foreign-db-untouched: no python3 with its sqlite3 module"
fi

# 6d. A database in a directory this user cannot write (SQLite cannot make
#     its -shm file) is read by stories, show and similar, as on a
#     read-only file system: the same answer as where it can be written, a
#     -wal file's commits too (they were refused: 'cannot open: SQLite makes
#     the files ... copy the database to a directory you can write'; that
#     reason, not "not a newsprint database", is now add's: 7c3).
as_other=
if [ "$(id -u)" -ne 0 ]; then
    as_other=" "
elif command -v setpriv >/dev/null 2>&1 && id nobody >/dev/null 2>&1; then
    as_other="setpriv --reuid=$(id -u nobody) --regid=$(id -g nobody) --clear-groups"
fi
# reachable_dir [RUNNER...]: a new directory (mode 755) that the user RUNNER
# runs as (this one when none) can search, made in $TMPDIR, else /tmp or
# /var/tmp; nothing printed when it can search none.  $T is no place for
# the files another user reads: root's $TMPDIR may be its own (mode 700),
# and every check as nobody there failed ('no such database', 'cannot open
# or create: Permission denied') on a path nobody could not reach.
reachable_dir() {
    for base in "${TMPDIR:-/tmp}" /tmp /var/tmp; do
        made=$(mktemp -d "$base/np-store.XXXXXX" 2>/dev/null) || continue
        chmod 755 "$made"
        if "$@" test -x "$made/."; then
            echo "$made"
            return 0
        fi
        rm -rf "$made"
    done
    return 1
}
other=
# shellcheck disable=SC2086  # $as_other is a command prefix, or a space for none
[ -n "$as_other" ] && other=$(reachable_dir $as_other)
if [ -n "$other" ]; then
    mkdir "$other/locked"
    cp "$T/k.db" "$other/locked/k.db"
    if [ $have_python -eq 1 ]; then
        # commits left in a -wal file with no -shm file beside it (a copy
        # made while an add ran): read from the -wal file too
        cp "$T/k.db" "$other/locked/w.db"
        "$PY" -c '
import sqlite3, shutil, sys
c = sqlite3.connect(sys.argv[1]); c.execute("PRAGMA wal_autocheckpoint = 0")
c.execute("UPDATE articles SET title = ? WHERE id = ?", ("Held in the WAL", "j02")); c.commit()
for ext in ("", "-wal"): shutil.copyfile(sys.argv[1] + ext, sys.argv[2] + ext)
c.close()' "$other/locked/w.db" "$other/locked/n.db"
        rm -f "$other/locked"/w.db*
    fi
    chmod -R go+r "$other/locked"
    chmod 555 "$other/locked"
fi
if [ -n "$other" ] && $as_other test -x "$BIN" && ! $as_other test -w "$other/locked"; then
    "$BIN" stories --db "$T/k.db" --format json > "$T/e7.want" 2>/dev/null
    $as_other "$BIN" stories --db "$other/locked/k.db" --format json > "$T/e7.json" 2> "$T/e7"
    rc=$?
    $as_other "$BIN" show --db "$other/locked/k.db" j02 > "$T/e7.show" 2>> "$T/e7"
    rc2=$?
    $as_other "$BIN" similar --db "$other/locked/k.db" j02 > "$T/e7.similar" 2>> "$T/e7"
    rc3=$?
    wal_title=
    [ $have_python -eq 1 ] && wal_title=$($as_other "$BIN" show --db "$other/locked/n.db" j02 2>&1 | head -1)
    msg="exit status $rc, $rc2, $rc3: $(head -3 "$T/e7"); wal: $wal_title"
    check db-dir-not-writable eval '[ $rc -eq 0 ] && [ $rc2 -eq 0 ] && [ $rc3 -eq 0 ] && [ ! -s "$T/e7" ] &&
        [ -s "$T/e7.want" ] && cmp -s "$T/e7.want" "$T/e7.json" && grep -q "^j02 " "$T/e7.show" &&
        grep -q "^j02 " "$T/e7.similar" && { [ $have_python -eq 0 ] || [ "$wal_title" = "j02  Held in the WAL" ]; }'
else
    echo "SKIP store/db-dir-not-writable: no other user to run as, or no directory it can reach (\$TMPDIR, /tmp, /var/tmp), or it can write the directory"
fi
# 6d2. A database in a directory this user cannot search: the reason (it
#      was 'no such database (make one with newsprint add ...)', for a
#      file that is there).
if [ -n "$other" ] && $as_other test -x "$BIN"; then
    mkdir "$other/hidden"
    cp "$T/k.db" "$other/hidden/k.db"
    chmod 000 "$other/hidden"
    $as_other "$BIN" stories --db "$other/hidden/k.db" > /dev/null 2> "$T/e7b"
    rc=$?
    chmod 755 "$other/hidden"
    msg="exit status $rc: $(cat "$T/e7b")"
    check db-dir-not-searchable eval '[ $rc -eq 1 ] && grep -q "hidden/k.db: cannot open: Permission denied$" "$T/e7b"'
else
    echo "SKIP store/db-dir-not-searchable: no other user to run as, or no directory it can reach"
fi
if [ -n "$other" ]; then
    chmod 755 "$other/locked"
    rm -rf "$other"
fi

# 7. show and similar agree with the answer.
"$BIN" show --db "$T/k.db" --format json 03-harborton-strike-portwatch > "$T/show.json"
"$BIN" similar --db "$T/k.db" --format json 03-harborton-strike-portwatch > "$T/sim.json"
"$BIN" similar --db "$T/k.db" --format json --file "$A/03-harborton-strike-portwatch.txt" > "$T/simf.json"
if [ $have_python -eq 1 ]; then
    msg=$("$PY" - "$T" <<'PY'
import json, sys
t = sys.argv[1]
ref = {a["id"]: a for a in json.load(open(t + "/ref.json"))["articles"]}
show = json.load(open(t + "/show.json"))
sim = json.load(open(t + "/sim.json"))
simf = json.load(open(t + "/simf.json"))
me = ref["03-harborton-strike-portwatch"]
errs = []
for k in ("relation", "copy_of", "story"):
    if show[k] != me[k]:
        errs.append(f"show {k} {show[k]} != {me[k]}")
fam = {a for a, r in ref.items() if r["copy_of"] == me["copy_of"] or a == me["copy_of"]}
if {a["id"] for a in show["family"]} != fam:
    errs.append(f"family {[a['id'] for a in show['family']]} != {sorted(fam)}")
if not show["body"]:
    errs.append("no body")
story = {a for a, r in ref.items() if r["story"] == me["story"]} - {me["id"]}
got = {a["id"] for a in sim["copies"] + sim["same_story"]}
if got != story:
    errs.append(f"similar {sorted(got)} != {sorted(story)}")
if simf["article"]["relation"] == "report" or not simf["copies"]:
    errs.append(f"similar --file found no copies: {simf['article']}")
# what else is similar: the other stories of its storyline, by story
stories = json.load(open(t + "/ref.json"))["stories"]
line = {s["id"] for s in stories if s["storyline"] == me["storyline"] and s["id"] != me["story"]}
got = [s["id"] for s in sim.get("same_storyline", [])]
if not line or set(got) != line or len(got) != len(line):
    errs.append(f"similar's same_storyline {got} != {sorted(line)}")
print("; ".join(errs))
PY
)
    check show-similar [ -z "$msg" ]
else
    echo "SKIP store/show-similar: no python3 with its sqlite3 module"
fi

# 7a. similar --file names a date, title, url or source field it does not
#     read, as cluster does (it dropped them without a word).
"$BIN" similar --db "$T/k.db" --file tests/cli/non-string-fields.jsonl >/dev/null 2>"$T/simf.err"
rc=$?
msg="exit status $rc, stderr: $(head -c 300 "$T/simf.err")"
check similar-file-fields eval '[ $rc -eq 0 ] &&
    grep -q "non-string-fields.jsonl:1: article \"bridge-fields\": date \"the day before yesterday\" not read" "$T/simf.err" &&
    grep -q "\"title\" (a number), \"url\" (an array), \"source\" (an object) not read" "$T/simf.err"'

# 7a1. similar --file DIR names the files its walk passed over, as cluster
#      and add do (it said nothing of them: a directory of notes alone was
#      'holds no article' with no word of what was there).
mkdir -p "$T/simdir" "$T/simnotes"
printf 'notes\n' > "$T/simdir/00-notes.md"
cp "$A/01-harborton-strike-wirepress.txt" "$T/simdir/"
printf 'read me\n' > "$T/simnotes/README"
"$BIN" similar --db "$T/k.db" --file "$T/simdir" > "$T/simdir.out" 2> "$T/simdir.err"
rc=$?
"$BIN" similar --db "$T/k.db" --file "$T/simnotes" > /dev/null 2> "$T/simnotes.err"
rc2=$?
msg="exit status $rc and $rc2, stderr: $(cat "$T/simdir.err" "$T/simnotes.err")"
check similar-file-dir-passed-over eval '[ $rc -eq 0 ] && [ $rc2 -eq 1 ] &&
    grep -q "^01-harborton-strike-wirepress (not stored)" "$T/simdir.out" &&
    grep -q "similar: passed over 1 file met in a directory, as its name says it is not an article (name it as an input to read it): $T/simdir/00-notes.md$" "$T/simdir.err" &&
    grep -q "similar: passed over 1 file met in a directory.*: $T/simnotes/README$" "$T/simnotes.err" &&
    grep -q "similar: $T/simnotes: no article in it$" "$T/simnotes.err"'
# 7a2. a record skipped before --file's first article is exit status 1, as
#      the top-level help says of a skipped input (it was 0), the answer
#      still printed
printf '[{"id":"array"}]\n' > "$T/simdir/000.json"
"$BIN" similar --db "$T/k.db" --file "$T/simdir" > "$T/simskip.out" 2> "$T/simskip.err"
rc=$?
msg="exit status $rc, stderr: $(cat "$T/simskip.err")"
check similar-file-skipped-status eval '[ $rc -eq 1 ] && grep -q "^01-harborton-strike-wirepress (not stored)" "$T/simskip.out" &&
    grep -q "simdir/000.json: a JSON array" "$T/simskip.err"'

# 7a2'. similar --file of a file that gives no article (empty, only
#       spaces, binary) or only one of no word left after cleaning says that
#       nothing was looked up, exit status 1 as its help says: it printed the
#       reader's skip line alone, and an answer for the article of no word
#       (a lone new story, "report", exit status 0)
mkdir -p "$T/simbad"
: > "$T/simbad/empty.txt"
printf '  \n\t\n' > "$T/simbad/spaces.txt"
printf 'ab\000cd\001\002' > "$T/simbad/binary.txt"
ok=1
msg=
for f in empty spaces binary; do
    "$BIN" similar --db "$T/k.db" --file "$T/simbad/$f.txt" > "$T/simbad/$f.out" 2> "$T/simbad/$f.err"
    rc=$?
    if [ $rc -ne 1 ] || [ -s "$T/simbad/$f.out" ] ||
        ! grep -q "^newsprint: similar: nothing looked up: no article read from --file $T/simbad/$f.txt$" "$T/simbad/$f.err"; then
        ok=0
        msg="$msg $f: exit status $rc, stderr: $(cat "$T/simbad/$f.err");"
    fi
done
"$BIN" similar --db "$T/k.db" --file tests/cli/no-text.html > "$T/simbad/bp.out" 2> "$T/simbad/bp.err"
rc=$?
if [ $rc -ne 1 ] || [ -s "$T/simbad/bp.out" ] ||
    ! grep -q "^newsprint: similar: tests/cli/no-text.html: article \"no-text\": no text left after cleaning (.*), nothing looked up (it has no copy and no story to find)$" "$T/simbad/bp.err"; then
    ok=0
    msg="$msg no-text.html: exit status $rc, stdout: $(head -c 200 "$T/simbad/bp.out") stderr: $(cat "$T/simbad/bp.err")"
fi
check similar-file-no-article [ $ok -eq 1 ]

# 7a3. similar --file of a file of many articles (a JSONL file, a directory)
#      reads the first and says so: the others were passed over without a
#      word, the user's article maybe among them; a file of one says nothing
"$BIN" similar --db "$T/k.db" --file examples/corpus.jsonl > "$T/simmany.out" 2> "$T/simmany.err"
rc=$?
msg="exit status $rc, stderr: $(cat "$T/simmany.err" "$T/simdir.err")"
check similar-file-many eval '[ $rc -eq 0 ] && grep -q "^j01 (not stored)" "$T/simmany.out" &&
    grep -q "^newsprint: similar: examples/corpus.jsonl holds more than one article: only the first, .j01., is read$" "$T/simmany.err" &&
    ! grep -q "more than one article" "$T/simdir.err"'

# 7a'. similar --file of an article whose id a stored one has (a family's
#      original, given again): it is grouped as "ID (not stored)", an exact copy
#      with its family as copies (it was named a copy of itself, copies (0)).
"$BIN" similar --db "$T/k.db" --file "$A/01-harborton-strike-wirepress.txt" > "$T/simo.txt" 2>&1
rc=$?
msg="exit status $rc: $(head -c 400 "$T/simo.txt")"
check similar-file-stored-id eval '[ $rc -eq 0 ] &&
    grep -q "^01-harborton-strike-wirepress (not stored)  Harborton" "$T/simo.txt" &&
    grep -q "^  story s[0-9]*, exact of 01-harborton-strike-wirepress (1.00)$" "$T/simo.txt" &&
    grep -q "^  copies (4):$" "$T/simo.txt" &&
    grep -q "^    2025-03-04 original 01-harborton-strike-wirepress " "$T/simo.txt"'

# 7a''''. similar of an article alone in its family, story and storyline
#         says so in a sentence each ("copies: none"), not with headings
#         of nothing under them ("other stories of storyline l1 (0):").
"$BIN" add --db "$T/alone.db" --quiet "$A/18-saltmere-terminal-expansion.txt"
"$BIN" similar --db "$T/alone.db" 18-saltmere-terminal-expansion > "$T/simalone.txt" 2>&1
rc=$?
msg="exit status $rc: $(cat "$T/simalone.txt")"
check similar-alone-said eval '[ $rc -eq 0 ] && [ "$(sed 1,2d "$T/simalone.txt")" = "  copies: none
  same story: no other article
  storyline l1: no other story" ]'

# 7b. similar --file answers against the stored answer without grouping
#     again (the query; --full groups every article again): a copy, a
#     report of a stored story and an unrelated text, each told as --full
#     tells it, with the stored stories' own numbers (the regroup numbers
#     them again: the earlier report made its stories s1 and s2 where the
#     database has s2 and s3).  --full is for --file alone.
rm -f "$T/q.db"*
"$BIN" add --db "$T/q.db" --quiet $(ls "$A"/*.txt | grep -v -e 04-harborton-strike-excerpt -e 15-orvanne-quake-courier)
cat > "$T/q-unrelated.txt" <<'TXT'
Allotment society opens its winter seed exchange

The Brackwell allotment society held its winter seed exchange in the parish hall on Saturday, where members swapped heritage bean and squash seeds and compared notes on the wet autumn.

Organisers said forty growers took part, twice last year's number, and that the exchange would return in February.
TXT
printf '{"id":"q-early","date":"2025-01-02","text":"Kestrel Mountains quake report filed early\\n\\nA magnitude 5.2 earthquake struck the Kestrel Mountains before dawn, shaking villages along the Highland road and cutting power to Brannock."}\n' > "$T/q-early.jsonl"
for f in "$A/04-harborton-strike-excerpt.txt" "$A/15-orvanne-quake-courier.txt" "$T/q-unrelated.txt" "$T/q-early.jsonl"; do
    b=$(basename "$f")
    "$BIN" similar --db "$T/q.db" --format json --file "$f" > "$T/q-$b.json" 2>> "$T/q.err"
    "$BIN" similar --db "$T/q.db" --format json --file "$f" --full > "$T/q-$b.full.json" 2>> "$T/q.err"
done
"$BIN" stories --db "$T/q.db" --format json > "$T/q-stories.json"
"$BIN" similar --db "$T/q.db" --full 01-harborton-strike-wirepress > /dev/null 2> "$T/q-full-id.err"
rc_full_id=$?
if [ $have_python -eq 1 ]; then
    msg=$("$PY" - "$T" "$A" <<'PY'
import json, sys
t, a = sys.argv[1], sys.argv[2]
stored = json.load(open(t + "/q-stories.json"))
story_of = {r["id"]: r["story"] for r in stored["articles"]}
errs = []
def load(b):
    return json.load(open(f"{t}/q-{b}.json")), json.load(open(f"{t}/q-{b}.full.json"))
def members(d):
    return sorted(r["id"] for r in d["copies"] + d["same_story"])
for b in ("04-harborton-strike-excerpt.txt", "15-orvanne-quake-courier.txt", "q-unrelated.txt", "q-early.jsonl"):
    q, f = load(b)
    for key in ("copies", "same_story"):
        if sorted(r["id"] for r in q[key]) != sorted(r["id"] for r in f[key]):
            errs.append(f"{b}: {key} {[r['id'] for r in q[key]]} != --full's {[r['id'] for r in f[key]]}")
    if q["article"]["relation"] != f["article"]["relation"]:
        errs.append(f"{b}: relation {q['article']['relation']} != --full's {f['article']['relation']}")
    # the stored story's own number
    for m in members(q):
        if story_of.get(m) != q["article"]["story"]:
            errs.append(f"{b}: story {q['article']['story']}, its member {m} is in {story_of.get(m)}")
q, _ = load("04-harborton-strike-excerpt.txt")
if q["article"]["relation"] not in ("excerpt", "near") or "01-harborton-strike-wirepress" not in [r["id"] for r in q["copies"]]:
    errs.append(f"excerpt: {q['article']['relation']}, copies {[r['id'] for r in q['copies']]}")
q, _ = load("15-orvanne-quake-courier.txt")
if q["article"]["relation"] != "report" or "14-orvanne-quake-newsline" not in members(q):
    errs.append(f"orvanne report: {q['article']['relation']}, story {members(q)}")
q, _ = load("q-unrelated.txt")
if q["article"]["relation"] != "report" or members(q) or q["article"]["story"] in story_of.values():
    errs.append(f"unrelated: {q['article']['relation']}, story {q['article']['story']} {members(q)}")
q, _ = load("q-early.jsonl")
if q["article"]["story"] in story_of.values() and not members(q):
    errs.append(f"early: a stored story number {q['article']['story']} for a story of its own")
print("; ".join(errs))
PY
)
    check similar-file-query eval '[ -z "$msg" ] && [ $rc_full_id -eq 2 ] && [ ! -s "$T/q.err" ] || { msg="$msg (--full ID: status $rc_full_id) $(head -c 300 "$T/q.err")"; false; }'
else
    echo "SKIP store/similar-file-query: no python3"
fi

# 7a''. similar names the other stories of its storyline: in text the first
#       20 and how many more (a storyline of hundreds buried the rest),
#       in JSON all of them.  (At storyline_threshold 0 and
#       reach_threshold 0 every story the index finds in the window joins:
#       a storyline of 48 of the 95 stories, 47 at a 30-day window; at the
#       default each must be near its storyline's names as a whole, and
#       the largest holds 11; at storyline_threshold 0 alone a link past
#       storyline_window under reach_threshold keeps a story out, and the
#       largest held 16.)
if [ $have_python -eq 1 ]; then
    "$PY" tests/data/gen_articles.py 600 3 > "$T/line.jsonl"
    "$BIN" add --db "$T/line.db" --param storyline_threshold=0 --param reach_threshold=0 --quiet "$T/line.jsonl"
    "$BIN" stories --db "$T/line.db" --format json > "$T/line.json"
    member=$("$PY" -c '
import collections, json, sys
d = json.load(open(sys.argv[1]))
line, n = collections.Counter(s["storyline"] for s in d["stories"]).most_common(1)[0]
print(next(s["articles"][0] for s in d["stories"] if s["storyline"] == line), n - 1)' "$T/line.json")
    others=${member#* }
    member=${member% *}
    "$BIN" similar --db "$T/line.db" "$member" > "$T/line.txt" 2>&1
    "$BIN" similar --db "$T/line.db" --format json "$member" > "$T/linej.json" 2>&1
    listed=$(grep -c "^    s[0-9]*  *[0-9u]" "$T/line.txt")
    in_json=$("$PY" -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["same_storyline"]))' "$T/linej.json" 2>&1)
    msg="$member: $others other stories, $listed listed, $in_json in JSON: $(tail -3 "$T/line.txt")"
    check similar-storyline-capped eval '[ "$others" -gt 20 ] && [ "$in_json" = "$others" ] &&
        grep -q "^  other stories of storyline l[0-9]* ($others):$" "$T/line.txt" &&
        [ "$listed" -eq 20 ] &&
        grep -q "^    \.\.\. and $((others - 20)) more (--format json lists them all)$" "$T/line.txt"'
else
    echo "SKIP store/similar-storyline-capped: no python3 with its sqlite3 module"
fi

# 7a'''. An add while another program writes to the database waits for it,
#        then says who holds it and what to do (SQLite's "database is
#        locked" alone said neither); a reader is not held up.  The add
#        waits 2 s for the lock (--wait 2; 30 by default), so this takes 2 s,
#        and says how long it waited as the clock measured it (the shape,
#        '2.0 s', is checked, not the figure; it said the 2 s asked for).
#        The lock is held until the adds are done (busy.done made), not for
#        a time: after the 40 s it was held, a slow host's add stored.
if [ $have_python -eq 1 ]; then
    cp "$T/k.db" "$T/busy.db"
    "$PY" -c '
import os, sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN EXCLUSIVE")
open(sys.argv[2], "w").close()
end = time.time() + 3600  # only a test gone astray waits this long
while not os.path.exists(sys.argv[3]) and time.time() < end:
    time.sleep(0.05)' "$T/busy.db" "$T/busy.held" "$T/busy.done" &
    holder=$!
    while [ ! -e "$T/busy.held" ] && kill -0 "$holder" 2>/dev/null; do sleep 0.1; done
    "$BIN" stories --db "$T/busy.db" > /dev/null 2> "$T/busy.rerr"
    read_rc=$?
    "$BIN" add --db "$T/busy.db" --wait 2 "$A/12-harborton-deal-wirepress.txt" > /dev/null 2> "$T/busy.err"
    rc=$?
    # --wait 0: no wait at all, said so
    "$BIN" add --db "$T/busy.db" --wait=0 "$A/12-harborton-deal-wirepress.txt" > /dev/null 2> "$T/busy0.err"
    rc0=$?
    : > "$T/busy.done"
    wait "$holder" 2>/dev/null
    msg="add exit status $rc, stories $read_rc: $(cat "$T/busy.err" "$T/busy.rerr")"
    check add-database-busy eval '[ $rc -eq 1 ] && [ $read_rc -eq 0 ] &&
        grep -q "busy.db: .*database is locked: another program (an add, a serve storing a POST) was writing to it for the [0-9][0-9]*\.[0-9] s waited; run this again once it is done" "$T/busy.err"'
    # the wait itself is said while it lasts, once (the add was silent for 30 s)
    msg="the wait not said once: $(cat "$T/busy.err")"
    check add-database-busy-wait-said eval '[ "$(grep -c "busy.db: another program (an add, a serve storing a POST) is writing to it; waiting for it, 2 s at most" "$T/busy.err")" -eq 1 ]'
    msg="--wait 0: status $rc0: $(cat "$T/busy0.err")"
    check add-database-busy-no-wait eval '[ $rc0 -eq 1 ] && ! grep -q "waiting for it" "$T/busy0.err" &&
        grep -q "busy.db: .*another program (an add, a serve storing a POST) is writing to it, and no wait was asked for; run this again once it is done" "$T/busy0.err"'
else
    echo "SKIP store/add-database-busy: no python3 with its sqlite3 module"
fi

# 7a''''. --wait takes whole seconds, 0 to a day; another value is a usage
#         error naming it, and --help gives the default (30).
bad_wait=
for v in x -1 86401 1.5 2s; do
    "$BIN" add --db "$T/wait.db" --wait "$v" "$A" > /dev/null 2> "$T/wait.err"
    rc=$?
    { [ $rc -eq 2 ] && grep -q -e "add: --wait wants 0..86400 seconds, not '$v'" "$T/wait.err" && [ ! -e "$T/wait.db" ]; } ||
        bad_wait="$bad_wait $v (status $rc: $(cat "$T/wait.err"))"
done
"$BIN" add --help | grep -q -e "--wait S .*default 30" || bad_wait="$bad_wait; add --help has no --wait and its default"
"$BIN" serve --help | grep -q -e "--wait S .*default 30" || bad_wait="$bad_wait; serve --help has no --wait and its default"
"$BIN" serve --db "$T/k.db" --wait nine > /dev/null 2> "$T/wait.err"
rc=$?
{ [ $rc -eq 2 ] && grep -q -e "serve: --wait wants 0..86400 seconds, not 'nine'" "$T/wait.err"; } ||
    bad_wait="$bad_wait; serve --wait nine: status $rc: $(cat "$T/wait.err")"
msg="$bad_wait"
check add-wait-bad-value [ -z "$bad_wait" ]

# 7b. Fingerprints made by other code are made again: a database whose
#     fingerprints claim another build (and hold junk) still groups right.
if [ $have_python -eq 1 ]; then
    rm -f "$T/fp.db"*
    set -- $all_inputs
    last=$(eval echo "\${$#}")
    first_inputs=$(printf '%s\n' $all_inputs | sed '$d')
    "$BIN" add --db "$T/fp.db" --quiet $first_inputs
    "$PY" - "$T/fp.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE meta SET value = 'another-build' WHERE key = 'print_id'")
db.execute("UPDATE fingerprints SET print = x'00112233'")
db.commit()
PY
    "$BIN" add --db "$T/fp.db" --quiet "$last"
    "$BIN" stories --db "$T/fp.db" --format json > "$T/fp.json" 2>/dev/null
    msg="stale fingerprints changed the answer: $(diff "$T/ref.json" "$T/fp.json" | head -3)"
    check stale-prints-remade cmp -s "$T/ref.json" "$T/fp.json"
    n=$("$PY" -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT count(*) FROM fingerprints WHERE length(print) > 4\").fetchone()[0])" "$T/fp.db")
    msg="$n fingerprints remade"
    check stale-prints-stored [ "$n" -gt 20 ]
fi

# 7c. A full disk: the add fails naming the file, what was stored stays.
tiny="$T/tiny"
mkdir -p "$tiny"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=600k tmpfs "$tiny" 2>/dev/null; then
    "$BIN" add --db "$tiny/f.db" --quiet $(cat "$T/files" | head -3) >/dev/null 2>&1
    "$BIN" stories --db "$tiny/f.db" --format jsonl > "$T/before.jsonl" 2>/dev/null
    if [ $have_python -eq 1 ]; then
        "$PY" tests/data/gen_articles.py 3000 9 > "$T/fill.jsonl"
    else
        for k in 1 2 3 4 5 6 7 8; do cat examples/corpus.jsonl; done | awk '{sub(/"id": *"/, "&x" NR "-"); print}' > "$T/fill.jsonl"
    fi
    "$BIN" add --db "$tiny/f.db" "$T/fill.jsonl" >/dev/null 2>"$T/full.err"
    rc=$?
    "$BIN" stories --db "$tiny/f.db" --format jsonl > "$T/after.jsonl" 2>/dev/null
    rc2=$?
    # a shard that cannot be written is not said written ("225 articles
    # into s.nps, 0 skipped; no shard written")
    head -c 1000000 /dev/zero > "$tiny/pad" 2>/dev/null
    "$BIN" sign -o "$tiny/s.nps" "$T/fill.jsonl" >/dev/null 2>"$T/sign.err"
    sign_rc=$?
    sign_left=$(ls "$tiny")
    rm -f "$tiny/pad"
    umount "$tiny"
    msg="rc $rc, stories rc $rc2: $(head -2 "$T/full.err")"
    check disk-full eval '[ $rc -ne 0 ] && [ $rc2 -eq 0 ] && grep -q "f.db" "$T/full.err" && grep -q "full" "$T/full.err" &&
        cmp -s "$T/before.jsonl" "$T/after.jsonl" && [ -s "$T/before.jsonl" ]'
    # what the file keeps, said as it is: the failed batch held every
    # ungrouped article ("(0 not grouped yet: ... groups them)" was said)
    msg="$(grep "stopped" "$T/full.err")"
    check disk-full-keeps-said eval 'grep -q "stopped; .*f.db keeps [0-9]* articles, all grouped: run the add again" "$T/full.err" &&
        ! grep -q "0 not grouped" "$T/full.err"'
    msg="rc $sign_rc, left: $sign_left: $(cat "$T/sign.err")"
    check disk-full-sign-said eval '[ $sign_rc -eq 1 ] && grep -q "^newsprint: sign: stopped after [0-9]* articles (0 skipped): no shard written to .*s.nps$" "$T/sign.err" &&
        ! echo "$sign_left" | grep -q "s.nps"'
else
    echo "SKIP store/disk-full: cannot mount a small tmpfs here (needs root and mount rights)"
fi

# 7c1. A file size limit (ulimit -f) reached by an add: the add stops
#      saying so (SIGXFSZ killed it unsaid), what was stored stays.
cp "$T/k.db" "$T/fsize.db"
"$BIN" stories --db "$T/fsize.db" --format jsonl > "$T/fsize.before" 2>/dev/null
size=$(( $(wc -c < "$T/fsize.db") / 512 + 8 ))
[ -s "$T/fill.jsonl" ] || for k in $(seq 1 40); do cat examples/corpus.jsonl; done |
    awk '{sub(/"id": *"/, "&x" NR "-"); print}' > "$T/fill.jsonl"
(ulimit -f $size; "$BIN" add --db "$T/fsize.db" "$T/fill.jsonl" >/dev/null 2>"$T/fsize.err")
rc=$?
"$BIN" stories --db "$T/fsize.db" --format jsonl > "$T/fsize.after" 2>/dev/null
msg="rc $rc: $(head -c 300 "$T/fsize.err")"
check file-size-limit eval '[ $rc -eq 1 ] && grep -q "fsize.db: .*size limit .*(ulimit -f)" "$T/fsize.err" &&
    cmp -s "$T/fsize.before" "$T/fsize.after" && [ -s "$T/fsize.before" ]'

# 7c2. A database on a read-only file system (a mounted snapshot) is read by
#      stories, show and similar (each was refused: SQLite could not make
#      the -shm file beside it), a -wal file's commits too, with or without
#      its -shm file (without one it was refused); add says why it cannot
#      write.
ro="$T/ro"
mkdir -p "$ro"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=4m tmpfs "$ro" 2>/dev/null; then
    cp "$T/k.db" "$ro/k.db"
    wal_ok=1
    if [ $have_python -eq 1 ]; then
        # commits left in a -wal file, as a snapshot taken during a run holds them
        cp "$T/k.db" "$ro/w.db"
        "$PY" -c '
import sqlite3, shutil, sys
c = sqlite3.connect(sys.argv[1]); c.execute("PRAGMA wal_autocheckpoint = 0")
c.execute("UPDATE articles SET title = ? WHERE id = ?", ("Held in the WAL", "j02")); c.commit()
for ext in ("", "-wal", "-shm"): shutil.copyfile(sys.argv[1] + ext, sys.argv[2] + ext)
c.close()' "$ro/w.db" "$T/w.db" || wal_ok=0
        rm -f "$ro"/w.db*
        cp "$T/w.db" "$T/w.db-wal" "$T/w.db-shm" "$ro/"
        # the same without the -shm file (a snapshot or copy that left it
        # out): SQLite could not read the -wal file without making one
        cp "$T/w.db" "$ro/n.db"
        cp "$T/w.db-wal" "$ro/n.db-wal"
    fi
    mount -o remount,ro "$ro"
    "$BIN" stories --db "$T/k.db" --format json > "$T/rw.json" 2>/dev/null
    "$BIN" stories --db "$ro/k.db" --format json > "$T/ro.json" 2> "$T/ro.err"
    rc1=$?
    "$BIN" show --db "$ro/k.db" j02 > "$T/ro.show" 2>> "$T/ro.err"
    rc2=$?
    "$BIN" similar --db "$ro/k.db" j02 > "$T/ro.similar" 2>> "$T/ro.err"
    rc3=$?
    "$BIN" add --db "$ro/k.db" examples/corpus.jsonl > /dev/null 2> "$T/ro-add.err"
    rc4=$?
    wal_title=
    [ $have_python -eq 1 ] && [ $wal_ok -eq 1 ] && wal_title=$("$BIN" show --db "$ro/w.db" j02 2>&1 | head -1)
    no_shm_title=
    [ $have_python -eq 1 ] && [ $wal_ok -eq 1 ] && no_shm_title=$("$BIN" show --db "$ro/n.db" j02 2>&1 | head -1)
    umount "$ro"
    msg="stories $rc1, show $rc2, similar $rc3, add $rc4: $(head -3 "$T/ro.err" "$T/ro-add.err"); wal: $wal_title; wal, no shm: $no_shm_title"
    check read-only-file-system eval '[ $rc1 -eq 0 ] && [ $rc2 -eq 0 ] && [ $rc3 -eq 0 ] && [ $rc4 -eq 1 ] &&
        cmp -s "$T/rw.json" "$T/ro.json" && grep -q "^j02 " "$T/ro.show" && grep -q "^j02 " "$T/ro.similar" &&
        grep -q "k.db: on a read-only file system, so it cannot be written" "$T/ro-add.err" &&
        { [ $have_python -eq 0 ] || [ "$wal_title" = "j02  Held in the WAL" ]; } &&
        { [ $have_python -eq 0 ] || [ "$no_shm_title" = "j02  Held in the WAL" ]; }'
else
    echo "SKIP store/read-only-file-system: cannot mount a tmpfs here (needs root and mount rights)"
fi

# 7c3. A database this user may not write (not a read-only file system):
#      add says so before reading its input (it cleaned a batch, then
#      'storing an article: attempt to write a readonly database', and
#      exited 0 when every article was stored already); a new database in
#      a directory it may not write names the directory ('cannot open or
#      create: Permission denied'), and an existing one there says why
#      SQLite cannot open it.  Run as nobody when root (root writes all).
as_user=
if [ "$(id -u)" -eq 0 ]; then
    command -v setpriv >/dev/null 2>&1 && as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi
perm=
# shellcheck disable=SC2086  # $as_user is a command prefix, or nothing
{ [ "$(id -u)" -ne 0 ] || [ -n "$as_user" ]; } && perm=$(reachable_dir $as_user)
if [ -n "$perm" ]; then
    mkdir "$perm/shut" "$perm/open"
    cp "$T/k.db" "$perm/shut/k.db"
    cp "$T/k.db" "$perm/open/k.db"
    chmod 777 "$perm/open"
    chmod 444 "$perm/open/k.db"
    [ -n "$as_user" ] && chown 65534 "$perm/shut/k.db"
    chmod 555 "$perm/shut"
fi
if [ -n "$perm" ] && $as_user "$BIN" --help >/dev/null 2>&1; then
    $as_user "$BIN" add --db "$perm/open/k.db" examples/corpus.jsonl >/dev/null 2>"$T/perm1.err"
    rc1=$?
    $as_user "$BIN" add --db "$perm/shut/new.db" examples/corpus.jsonl >/dev/null 2>"$T/perm2.err"
    rc2=$?
    $as_user "$BIN" add --db "$perm/shut/k.db" examples/corpus.jsonl >/dev/null 2>"$T/perm3.err"
    rc3=$?
    msg="add $rc1, $rc2, $rc3: $(cat "$T/perm1.err" "$T/perm2.err" "$T/perm3.err" | head -3)"
    check add-not-writable eval '[ $rc1 -eq 1 ] && [ $rc2 -eq 1 ] && [ $rc3 -eq 1 ] &&
        [ "$(wc -l < "$T/perm1.err")" -eq 1 ] &&
        grep -q "open/k.db: cannot be written by this user (Permission denied)" "$T/perm1.err" &&
        grep -q "shut/new.db: cannot create: its directory $perm/shut cannot be written (Permission denied)" "$T/perm2.err" &&
        grep -q "shut/k.db: cannot open: SQLite makes the files .*k.db-wal and .*k.db-shm beside it, and its directory $perm/shut cannot be written (Permission denied)" "$T/perm3.err" &&
        [ ! -e "$perm/shut/new.db" ]'
    # serve reads such a database as it reads one on a read-only file
    # system, refusing POST /api/articles (it would not start: the check
    # add makes refused it)
    : >"$T/perm-serve.err" # there before the loop reads it (the shell in the background makes it)
    $as_user "$BIN" serve --db "$perm/open/k.db" --port 0 2>"$T/perm-serve.err" &
    spid=$!
    tries=0
    while ! grep -q "listening on" "$T/perm-serve.err" && kill -0 $spid 2>/dev/null && [ $tries -lt 300 ]; do
        sleep 0.1
        tries=$((tries + 1))
    done
    port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$T/perm-serve.err")
    posted=none
    if [ -n "$port" ] && [ $have_python -eq 1 ]; then
        posted=$("$PY" -c '
import json, sys, urllib.request, urllib.error
req = urllib.request.Request("http://127.0.0.1:%s/api/articles" % sys.argv[1],
                             data=json.dumps({"id": "p1", "text": "A ferry ran aground."}).encode())
try:
    print(urllib.request.urlopen(req, timeout=30).status)
except urllib.error.HTTPError as e:
    print(e.code)' "$port")
    fi
    kill $spid 2>/dev/null
    wait $spid 2>/dev/null
    msg="$(head -3 "$T/perm-serve.err"); POST: $posted"
    check serve-not-writable eval '[ -n "$port" ] &&
        grep -q "open/k.db cannot be written by this user: served read-only" "$T/perm-serve.err" &&
        { [ $have_python -eq 0 ] || [ "$posted" = 403 ]; }'
    # A reader of a database it may not write, in a directory it may:
    # SQLite makes the -wal and -shm files with the database's mode, and
    # they stayed 0444 (the reader cannot remove them), so the add made
    # once the database was writable again failed ('starting to add:
    # attempt to write a readonly database').  The reader gives the files
    # it made their owner's write permission.
    cp "$T/k.db" "$perm/open/r.db"
    [ -n "$as_user" ] && chown 65534 "$perm/open/r.db"
    chmod 444 "$perm/open/r.db"
    $as_user "$BIN" stories --db "$perm/open/r.db" >/dev/null 2>"$T/perm-r1.err"
    rc1=$?
    shm_mode=$(stat -c %a "$perm/open/r.db-shm" 2>/dev/null)
    chmod 644 "$perm/open/r.db"
    printf '{"id":"r-new","title":"Ferry aground","text":"The ferry ran aground off Dunmore on Friday; all 80 passengers were taken off safely by lifeboat."}\n' >"$perm/r.jsonl"
    chmod 644 "$perm/r.jsonl"
    $as_user "$BIN" add --db "$perm/open/r.db" --quiet "$perm/r.jsonl" >/dev/null 2>"$T/perm-r2.err"
    rc2=$?
    msg="stories $rc1, add $rc2, -shm mode ${shm_mode:-none}: $(cat "$T/perm-r1.err" "$T/perm-r2.err" | head -3)"
    check reader-side-files-writable eval '[ $rc1 -eq 0 ] && [ $rc2 -eq 0 ] &&
        { [ -z "$shm_mode" ] || [ "$shm_mode" = 644 ]; } && [ ! -s "$T/perm-r2.err" ]'
else
    echo "SKIP store/add-not-writable: no other user to run as (root without setpriv), no directory it can reach (\$TMPDIR, /tmp, /var/tmp), or it cannot run $BIN"
    echo "SKIP store/serve-not-writable: the same"
    echo "SKIP store/reader-side-files-writable: the same"
fi
if [ -n "$perm" ]; then
    chmod 755 "$perm/shut"
    rm -rf "$perm"
fi

# 7d. After --, similar takes an id starting with '-' as show does (the
#     file -x.txt is article -x); '--' was an unknown option.
rm -f "$T/dash.db"*
cp "$A/08-callisford-bridge-newsline.txt" "$T/-dash.txt"
"$BIN" add --db "$T/dash.db" --quiet -- "$T/-dash.txt"
"$BIN" similar --db "$T/dash.db" -- -dash >"$T/dash.out" 2>"$T/dash.err"
rc=$?
msg="exit status $rc: $(cat "$T/dash.err")"
check similar-after-dashes eval '[ $rc -eq 0 ] && grep -q "^-dash " "$T/dash.out"'

# 7e. One article is one article ('holds 1 articles in 1 stories' was said).
rm -f "$T/one.db"*
"$BIN" add --db "$T/one.db" "$A/08-callisford-bridge-newsline.txt" 2>"$T/one.err"
msg="stderr: $(cat "$T/one.err")"
check add-one-article grep -q "one.db holds 1 article in 1 story$" "$T/one.err"
# 7e'. A database in the directory its add walks: the walk passes over it
#      and SQLite's -wal and -shm files without a word (they were named as
#      'not articles ... name one as an input to read it')
rm -rf "$T/walked" && mkdir -p "$T/walked"
cp "$A/08-callisford-bridge-newsline.txt" "$A/09-callisford-bridge-spun.txt" "$T/walked/"
"$BIN" add --db "$T/walked/news.db" "$T/walked" 2>"$T/walked1.err" &&
    cp "$A/10-callisford-bridge-valley-post.txt" "$T/walked/" &&
    "$BIN" add --db "$T/walked/news.db" "$T/walked" 2>"$T/walked2.err"
rc=$?
msg="exit status $rc, stderr: $(cat "$T/walked1.err" "$T/walked2.err")"
check add-db-in-walked-directory eval '[ $rc -eq 0 ] && ! grep -q "passed over" "$T/walked1.err" "$T/walked2.err" &&
    grep -q "1 added, 2 already stored, 0 skipped; .*news.db holds 3 articles" "$T/walked2.err"'
# cluster --stats likewise ('newsprint: cluster: 1 articles in 0.03 s')
"$BIN" cluster --stats "$A/08-callisford-bridge-newsline.txt" >/dev/null 2>"$T/one-stats.err"
msg="stderr: $(cat "$T/one-stats.err")"
check cluster-stats-one-article grep -q "^newsprint: cluster: 1 article in " "$T/one-stats.err"

# 7f. Adds that make one new database at once: each sees the schema made
#     once ('table meta already exists' failed some) and the parameters of
#     the first, refusing other values (each stored its own, and all ran).
race=ok
for trial in 1 2 3; do
    rm -f "$T/race.db"*
    for k in 5 6 7 8; do
        "$BIN" add --db "$T/race.db" --quiet --param near_jaccard=0.$k "$A/08-callisford-bridge-newsline.txt" \
            2>"$T/race$k.err" &
    done
    wait
    stored=$("$BIN" stories --db "$T/race.db" --explain-params 2>/dev/null | sed -n 's/^near_jaccard *= \([0-9.]*\).*/\1/p')
    for k in 5 6 7 8; do
        if [ -s "$T/race$k.err" ]; then
            grep -q "race.db was grouped with near_jaccard = $stored" "$T/race$k.err" ||
                race="trial $trial, near_jaccard 0.$k: $(head -c 200 "$T/race$k.err")"
        elif [ "$stored" != "0.${k}00" ]; then
            race="trial $trial: the add with near_jaccard 0.$k ran on a database of $stored"
        fi
    done
done
msg=$race
check add-new-database-at-once [ "$race" = ok ]

# 7g. The same race made certain: an add that opens a new database reads its
#     schema version (0), then its tables; another add's schema committed
#     between the two reads was taken for another program's ('not a newsprint
#     database (it has tables of its own)', seen once in 7f). A shim holds
#     the first add in its third read (the version's), and the second add
#     starts then; the first goes on once the second says it waits for it
#     (to commit its schema: a second into its wait). The first add waited
#     0.3 s after each of its first three reads and the second started 0.75 s
#     after it, a time either, slow to start beside other suites, missed.
#     The shim is preloaded by its name and found in $T through
#     LD_LIBRARY_PATH: ld.so splits LD_PRELOAD at spaces, so its path there
#     failed to load under a TMPDIR with a space in it ('/tmp/a' cannot be
#     preloaded), and the two adds did not meet.
if ${CC:-cc} -shared -fPIC -o "$T/slow_step.so" tests/data/slow_step.c -ldl 2>"$T/shim.err"; then
    rm -f "$T/race2.db"* "$T/race2.mark" "$T/race2.go"
    ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" SLOW_STEPS=3 SLOW_STEP_MS=0 \
        SLOW_STEP_MARK="$T/race2.mark" SLOW_STEP_UNTIL="$T/race2.go" \
        LD_LIBRARY_PATH="$T${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" LD_PRELOAD=slow_step.so \
        "$BIN" add --db "$T/race2.db" --quiet "$A/08-callisford-bridge-newsline.txt" 2>"$T/race2-slow.err" &
    slow=$!
    while [ ! -e "$T/race2.mark" ] && kill -0 $slow 2>/dev/null; do sleep 0.05; done
    : >"$T/race2-fast.err" # there before the loop reads it (the shell in the background makes it)
    "$BIN" add --db "$T/race2.db" "$A/09-callisford-bridge-spun.txt" 2>"$T/race2-fast.err" &
    fast=$!
    while ! grep -q "waiting for it" "$T/race2-fast.err" && kill -0 $fast 2>/dev/null; do sleep 0.05; done
    : > "$T/race2.go"
    wait $fast
    fast=$?
    wait $slow
    slow=$?
    n=$("$BIN" stories --db "$T/race2.db" --format jsonl 2>/dev/null | wc -l)
    msg="exit status $slow and $fast, $n articles stored: $(cat "$T/race2-slow.err" "$T/race2-fast.err" | head -c 300)"
    check add-new-database-schema-read-once eval '[ $slow -eq 0 ] && [ $fast -eq 0 ] && [ "$n" -eq 2 ] &&
        grep -q "race2.db: another program .* is writing to it; waiting for it" "$T/race2-fast.err"'
else
    echo "SKIP store/add-new-database-schema-read-once: no C compiler for the shim ($(head -c 100 "$T/shim.err"))"
fi

# 7g'. An add stopped while grouping a new database said the database
#      "keeps its 25 articles and its answer before this add": it had none.
#      It says that none is grouped yet and what groups them; an add
#      stopped so over a grouped database still keeps its answer.  The shim
#      holds the add at its first write of the answer (its grouping rows)
#      and the test signals it there (SIGTERM: a background job of a script
#      ignores SIGINT; the note is one for any signal).
stop_in_grouping() { # DB INPUT: the add's exit status, then what it said
    rm -f "$T/g.mark" "$T/g.go"
    ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" SLOW_STEP_SQL="INSERT INTO grouping" \
        SLOW_STEP_MARK="$T/g.mark" SLOW_STEP_UNTIL="$T/g.go" \
        LD_LIBRARY_PATH="$T${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" LD_PRELOAD=slow_step.so \
        "$BIN" add --db "$1" --quiet "$2" 2>"$T/g.err" &
    gpid=$!
    while [ ! -e "$T/g.mark" ] && kill -0 $gpid 2>/dev/null; do sleep 0.05; done
    kill -s TERM $gpid 2>/dev/null
    : > "$T/g.go"
    wait $gpid 2>/dev/null
    echo "$? $(cat "$T/g.err")"
}
if [ -f "$T/slow_step.so" ]; then
    rm -f "$T/gnew.db"*
    new_said=$(stop_in_grouping "$T/gnew.db" "$A")
    old_said=$(stop_in_grouping "$T/gnew.db" tests/cli/followup-harborton.txt) # gnew.db grouped by no add yet
    rm -f "$T/gold.db"*
    "$BIN" add --db "$T/gold.db" --quiet "$A"
    kept_said=$(stop_in_grouping "$T/gold.db" tests/cli/followup-harborton.txt)
    msg="new: $new_said; again: $old_said; grouped one: $kept_said"
    check add-stopped-grouping-new-database eval 'case "$new_said" in
        "143 newsprint: add: interrupted while grouping; $T/gnew.db keeps its "[0-9]*" articles, none grouped yet (it had no answer before this add): '"'"'newsprint add --db $T/gnew.db'"'"' groups them") true ;; *) false ;; esac &&
        case "$old_said" in "143 newsprint: add: interrupted while grouping; $T/gnew.db keeps its "[0-9]*" articles, none grouped yet "*) true ;; *) false ;; esac &&
        case "$kept_said" in "143 newsprint: add: interrupted while grouping; $T/gold.db keeps its "[0-9]*" articles and its answer before this add, 1 article not grouped yet: "*) true ;; *) false ;; esac'
else
    echo "SKIP store/add-stopped-grouping-new-database: no C compiler for the shim"
fi

# 7h. The race of 7f made certain: an add switching a file still in rollback
#     mode to WAL reads page 1 and then asks for the write lock, for which
#     SQLite calls no busy handler; while another program held that lock
#     (in 7f, another add making the schema) the add failed at once, "locked
#     ... for the 30 s waited". Here a database set back to rollback mode is
#     held by a writer until the add says it waits (a second into its wait;
#     it was held 0.5 s, which an add slow to start, under ASan beside other
#     suites, never met, and the add switched a free file): the add waits
#     for it, then stores, saying nothing else.
if [ $have_python -eq 1 ]; then
    rm -f "$T/wal.db"*
    "$BIN" add --db "$T/wal.db" --quiet "$A/08-callisford-bridge-newsline.txt"
    "$PY" - "$T/wal.db" "$BIN" "$A/09-callisford-bridge-spun.txt" >"$T/wal.out" 2>&1 <<'PY'
import sqlite3, subprocess, sys, threading
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA journal_mode = DELETE")
db.execute("BEGIN IMMEDIATE")
add = subprocess.Popen([sys.argv[2], "add", "--db", sys.argv[1], sys.argv[3]], stderr=subprocess.PIPE, text=True)
said, waiting = [], threading.Event()
def read():
    for line in add.stderr:
        said.append(line.strip())
        if "is writing to it; waiting for it" in line:
            waiting.set()
    waiting.set()  # the add ended without waiting
reader = threading.Thread(target=read)
reader.start()
waiting.wait(600)  # only a test gone astray waits this long
db.execute("COMMIT")
add.wait()
reader.join()
waited = any("is writing to it; waiting for it" in l for l in said)
other = [l for l in said if "is writing to it; waiting for it" not in l and not l.startswith("newsprint: add: 1 added,")]
n = db.execute("SELECT count(*) FROM articles").fetchone()[0]
mode = db.execute("PRAGMA journal_mode").fetchone()[0]
print(add.returncode, n, mode, "waited" if waited else "did-not-wait", " ".join(other))
PY
    msg="status, articles, journal mode, wait said, stderr: $(head -c 300 "$T/wal.out")"
    check add-waits-to-switch-to-wal grep -q "^0 2 wal waited $" "$T/wal.out"
fi

# 8. kill -9 during add: the database opens, is consistent, keeps every
#    committed batch, and a rerun completes it to the one-run answer.
if [ $have_python -eq 1 ]; then
    "$PY" tests/data/gen_articles.py 9000 7 > "$T/big.jsonl"
    "$BIN" cluster --format json --quiet "$T/big.jsonl" > "$T/bigref.json"
    rm -f "$T/big.db"*
    # waits until DB holds an article: the first batch is committed
    # (readers see it through WAL)
    wait_first_commit() { # DB
        "$PY" - "$1" <<'PY'
import sqlite3, sys, time
end = time.time() + 120
while time.time() < end:
    try:
        db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True, timeout=1)
        if db.execute("SELECT count(*) FROM articles").fetchone()[0] > 0:
            break
    except sqlite3.Error:
        pass
    time.sleep(0.01)
PY
    }
    "$BIN" add --db "$T/big.db" --quiet "$T/big.jsonl" &
    pid=$!
    # Kill once the first batch is committed.
    wait_first_commit "$T/big.db"
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    state=$("$PY" - "$T/big.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
ok = db.execute("PRAGMA integrity_check").fetchone()[0]
n = db.execute("SELECT count(*) FROM articles").fetchone()[0]
f = db.execute("SELECT count(*) FROM fingerprints").fetchone()[0]
print(ok, n, f)
PY
)
    set -- $state
    integrity=$1 articles=$2 prints=$3
    "$BIN" stories --db "$T/big.db" --format json > /dev/null 2> "$T/big.err"
    rc=$?
    msg="after kill: integrity $1, $2 articles, $3 fingerprints, stories rc $rc"
    check kill-consistent eval '[ "$integrity" = ok ] && [ "$articles" -gt 0 ] && [ "$articles" -lt 9000 ] &&
        [ "$articles" = "$prints" ] && [ $rc -eq 0 ]'
    # stories says the articles wait to be grouped, and not also that the
    # database holds no story yet with 'add --db X INPUT...' to add
    # articles, which it holds
    msg="stories after kill said: $(cat "$T/big.err")"
    check kill-stories-said eval 'grep -q "of the $articles articles in .*big.db are not grouped yet" "$T/big.err" &&
        ! grep -q "holds no story yet" "$T/big.err"'
    # show and similar word an article stored but not grouped yet, and one
    # not there, the same way (show spoke of a "grouped answer" for both)
    stored_id=$("$PY" -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT id FROM articles LIMIT 1").fetchone()[0])' "$T/big.db")
    words_ok=1
    for cmd in show similar; do
        "$BIN" $cmd --db "$T/big.db" "$stored_id" > /dev/null 2> "$T/ungrouped.$cmd"
        [ $? -eq 1 ] || words_ok=0
        "$BIN" $cmd --db "$T/big.db" no-such-id > /dev/null 2> "$T/missing.$cmd"
        [ $? -eq 1 ] || words_ok=0
        sed "s/^newsprint: $cmd: //" "$T/ungrouped.$cmd" >> "$T/ungrouped.said"
        sed "s/^newsprint: $cmd: //" "$T/missing.$cmd" >> "$T/missing.said"
    done
    msg="status or wording: $(cat "$T/ungrouped.show" "$T/ungrouped.similar" "$T/missing.show" "$T/missing.similar")"
    check show-similar-one-wording eval '[ $words_ok -eq 1 ] && [ $(sort -u "$T/ungrouped.said" | wc -l) -eq 1 ] &&
        [ $(sort -u "$T/missing.said" | wc -l) -eq 1 ] &&
        grep -q "article .$stored_id. in .*big.db is not grouped yet" "$T/ungrouped.said" &&
        grep -q "no article .no-such-id. in .*big.db (its ids: .newsprint stories --db .*big.db --format jsonl.)" "$T/missing.said"'
    "$BIN" add --db "$T/big.db" --quiet "$T/big.jsonl"
    "$BIN" stories --db "$T/big.db" --format json > "$T/big.json" 2>/dev/null
    msg="rerun after kill differs from one cluster run"
    check kill-rerun-completes cmp -s "$T/bigref.json" "$T/big.json"
    # 8b. Ctrl-C (SIGINT) or SIGTERM while an add reads: it ended without a
    #     word.  It stops at the next article, commits those stored, says
    #     how many the database keeps and that they wait to be grouped
    #     (with the command that groups them), and ends by the signal
    #     (status 130, 143); a rerun completes the one-run answer.  Sent
    #     once the first batch is committed; the add started with SIGINT
    #     at its default (a background job of a script ignores it).
    for sig in INT TERM; do
        rm -f "$T/sig.db"*
        "$PY" -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])' \
            "$BIN" add --db "$T/sig.db" --quiet "$T/big.jsonl" 2> "$T/sig.err" &
        pid=$!
        wait_first_commit "$T/sig.db"
        kill -s "$sig" $pid
        wait $pid 2>/dev/null # the shell's "Terminated"
        status=$?
        kept=$("$PY" -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM articles").fetchone()[0])' "$T/sig.db")
        case $sig in INT) want=130 said="Ctrl-C (SIGINT)" ;; *) want=143 said=SIGTERM ;; esac
        "$BIN" add --db "$T/sig.db" --quiet "$T/big.jsonl"
        "$BIN" stories --db "$T/sig.db" --format json > "$T/sig.json" 2>/dev/null
        msg="status $status (wanted $want), $kept kept, said: $(head -c 400 "$T/sig.err")"
        check "interrupted-add-said-$sig" eval '[ "$status" = "$want" ] && [ "$kept" -gt 0 ] &&
            grep -q "^newsprint: add: interrupted by $said: [0-9]* articles\{0,1\} added before it, committed; .*sig.db keeps $kept articles\{0,1\}, $kept not grouped yet: .newsprint add --db .*sig.db. groups them" "$T/sig.err" &&
            cmp -s "$T/bigref.json" "$T/sig.json"'
    done
    # 8b'. A second signal while a new database's first batch is not
    #     committed yet (an add reading a pipe that sends one article, then
    #     waits): the add stops at once, as before, and removes the file it
    #     made, as an add stopped at the next article does; the empty
    #     database and its -wal and -shm were left behind, and the note
    #     spoke of articles "committed before".  SIGINT then SIGTERM (two
    #     SIGINTs sent at once may be delivered as one), once the add's
    #     handler is set (its SigCgt in /proc) and, where /proc shows it,
    #     the add waits in its read of the pipe.  The add is stopped
    #     (SIGSTOP) while both are sent and continued then, so that both
    #     reach it before it runs on, whatever the load: sent one after the
    #     other, the first could cut its read short and the add say so
    #     before the second came (8b'').
    #     stop_add.py BIN DB INPUT KIND SIGNALS: an add of INPUT (a pipe as
    #     its standard input, which sends an article of KIND and waits)
    #     into DB, sent SIGNALS (INT, TERM, or "twice"); prints its exit
    #     status, the files left beside DB and what it said
    cat > "$T/stop_add.py" <<'PY'
import os, signal, subprocess, sys, time
binary, db, named, kind, signals = sys.argv[1:6]
r, w = os.pipe()
pipe = "pipe:[%d]" % os.fstat(r).st_ino
p = subprocess.Popen([binary, "add", "--db", db, "--quiet", named], stdin=r,
                     stderr=subprocess.PIPE, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
os.close(r)
text = b"The river flooded the town of Dunmore on Thursday after heavy rain. "
if kind == "text":
    os.write(w, text + b"\n")
elif kind == "jsonl": # past the 16 KiB a first look at standard input reads
    os.write(w, b"".join(b'{"id": "a%d", "text": "%s"}\n' % (i, text) for i in range(300)))
else: # a crawl's first record, its first half (past that first look)
    body = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>" + text * 300
    os.write(w, b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://x.example/1\r\n"
             b"Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n" % (2 * len(body)) + body)

def state(name):
    with open(f"/proc/{p.pid}/{name}") as f:
        return f.read()

def reading(): # asleep in a call on the pipe (its read); None: /proc does not say
    try:
        call = state("syscall").split()
    except (PermissionError, FileNotFoundError):
        return None
    try:
        return len(call) > 1 and call[0].isdigit() and os.readlink(f"/proc/{p.pid}/fd/{int(call[1], 16)}") == pipe
    except (FileNotFoundError, ValueError):
        return False

end = time.time() + 120
while time.time() < end and p.poll() is None:
    caught = int(next(l for l in state("status").splitlines() if l.startswith("SigCgt:")).split()[1], 16)
    if caught & (1 << (signal.SIGINT - 1)) and reading() is not False:
        break
    time.sleep(0.01)
if signals == "masks": # which threads a stop signal may go to: the reader's alone
    stops = (1 << (signal.SIGINT - 1)) | (1 << (signal.SIGTERM - 1))
    takers = []
    for tid in sorted(os.listdir(f"/proc/{p.pid}/task")):
        if int(tid) != p.pid:
            blocked = next(l for l in state(f"task/{tid}/status").splitlines() if l.startswith("SigBlk:"))
            if int(blocked.split()[1], 16) & stops != stops:
                takers.append(tid)
    print("workers take stops" if takers else "workers block stops",
          len(os.listdir(f"/proc/{p.pid}/task")) - 1)
    p.kill()
    p.wait()
    sys.exit(0)
if signals == "twice":
    p.send_signal(signal.SIGSTOP)
    while p.poll() is None and state("stat").rsplit(")", 1)[1].split()[0] not in "tT":
        time.sleep(0.01)
    p.send_signal(signal.SIGINT)
    p.send_signal(signal.SIGTERM)
    p.send_signal(signal.SIGCONT)
else:
    if reading() is None:
        print("unseen")
    p.send_signal(getattr(signal, "SIG" + signals))
try: # an add that sleeps on (its stop went astray) fails the check, not the run
    err = p.communicate(timeout=60)[1].decode()
except subprocess.TimeoutExpired:
    p.kill()
    err = "still running 60 s after the signal: " + p.communicate()[1].decode()
status = p.wait()
os.close(w)
print(status, sorted(os.listdir(os.path.dirname(db))), err.strip())
PY
    rm -rf "$T/unmade"
    mkdir "$T/unmade"
    unmade=$("$PY" "$T/stop_add.py" "$BIN" "$T/unmade/new.db" /dev/stdin text twice)
    msg="status, files left, said: $unmade"
    check interrupted-twice-new-db-removed eval 'case "$unmade" in
        "-2 [] newsprint: add: interrupted at once: no article stored, so "*"/unmade/new.db was not made"|"-15 [] newsprint: add: interrupted at once: no article stored, so "*"/unmade/new.db was not made") true ;;
        *) false ;; esac'
    # 8b'. A stop signal goes to the thread reading, not to a worker: a
    #     worker thread that could take it (none blocked it) left the
    #     add asleep in its read of a pipe, the signal spent, for ever.
    masks=$("$PY" "$T/stop_add.py" "$BIN" "$T/unmade/new.db" - jsonl masks)
    msg="threads: $masks"
    check stop-signals-go-to-the-reading-thread eval 'case "$masks" in "workers block stops "*) true ;; *) false ;; esac'
    # 8b''. One signal while the add waits in its read of a pipe: the read
    #     it cut short (add's handler does not restart reads) was said as a
    #     fault of the input before the add's own note: '/dev/stdin:
    #     reading stopped by a signal, skipped', 'standard input: gzip data
    #     damaged or cut short in its first line (Interrupted system call)'
    #     (a JSONL stream), 'read error after record 0: Interrupted system
    #     call' (a crawl).  The add says only that it was interrupted.
    said_in_read=
    for case in "/dev/stdin text" "- jsonl" "- warc"; do
        rm -rf "$T/unmade"
        mkdir "$T/unmade"
        # shellcheck disable=SC2086 # the case is two words
        said_in_read="$said_in_read$("$PY" "$T/stop_add.py" "$BIN" "$T/unmade/new.db" $case INT)
"
    done
    if printf %s "$said_in_read" | grep -q '^unseen'; then
        echo "SKIP store/add-stopped-in-a-read-says-only-that: /proc does not show the add's read"
    else
        msg="status, files left, said: $said_in_read"
        check add-stopped-in-a-read-says-only-that eval '[ "$(printf %s "$said_in_read" |
            grep -c "^-2 \[\] newsprint: add: interrupted by Ctrl-C (SIGINT): no article stored, so .*/unmade/new.db was not made$")" -eq 3 ] &&
            [ "$(printf %s "$said_in_read" | wc -l)" -eq 3 ]'
    fi
    # 8c. An incremental add killed after its first batch is committed
    #     (big.db holds the 9,000 articles grouped in full): the database
    #     is consistent, stories says what waits; the add run again
    #     completes it incrementally (a consistent answer holding every
    #     article), and an add with no input groups it in full: the answer
    #     of one cluster run.
    "$PY" tests/data/gen_articles.py 13000 7 | tail -n 4000 > "$T/big2.jsonl"
    "$BIN" add --db "$T/big.db" --quiet --incremental "$T/big2.jsonl" &
    pid=$!
    "$PY" - "$T/big.db" <<'PY'
import sqlite3, sys, time
end = time.time() + 120
while time.time() < end:
    try:
        db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True, timeout=1)
        if db.execute("SELECT count(*) FROM articles").fetchone()[0] > 9000:
            break
    except sqlite3.Error:
        pass
    time.sleep(0.01)
PY
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    killed=$(db_consistent "$T/big.db")
    "$BIN" stories --db "$T/big.db" --format json > /dev/null 2> "$T/big2.err"
    "$BIN" add --db "$T/big.db" --quiet --incremental "$T/big2.jsonl"
    completed=$(db_consistent "$T/big.db")
    "$BIN" stories --db "$T/big.db" --format jsonl > "$T/big2.inc" 2> "$T/big2.inc.err"
    "$BIN" add --db "$T/big.db" --quiet
    "$BIN" stories --db "$T/big.db" --format json > "$T/big2.json" 2> "$T/big2.full.err"
    "$BIN" cluster --format json --quiet "$T/big.jsonl" "$T/big2.jsonl" > "$T/big2ref.json"
    msg="killed: $killed; completed: $completed; said: $(head -c 300 "$T/big2.err") / $(head -c 300 "$T/big2.inc.err")"
    check incremental-kill-completes eval '[ "$killed" = "ok grouped" ] &&
        grep -q "articles in .*big.db are not grouped yet" "$T/big2.err" && [ "$completed" = "ok all" ] &&
        [ "$(wc -l < "$T/big2.inc")" -eq 13000 ] && grep -q "were grouped incrementally" "$T/big2.inc.err" &&
        cmp -s "$T/big2ref.json" "$T/big2.json" && ! grep -q "incrementally" "$T/big2.full.err"'
    # 8d. SIGTERM while the add waits on a pipe for more input (its writer
    #     slow or waiting): it went on waiting (the read was restarted)
    #     until the writer wrote again or closed.  It stops: exit status
    #     143, the articles stored before it committed, said, while the
    #     writer still holds the pipe open.
    rm -f "$T/pipe.db"* "$T/feed"
    if mkfifo "$T/feed" 2>/dev/null; then
        "$BIN" add --db "$T/pipe.db" --quiet - < "$T/feed" 2> "$T/pipe.err" &
        pid=$!
        exec 7> "$T/feed"
        head -n 2100 "$T/big.jsonl" >&7
        # until the add waits in a read of the pipe (where /proc tells)
        tries=0
        while [ $tries -lt 600 ] && ! grep -q pipe "/proc/$pid/wchan" 2>/dev/null; do
            [ -r "/proc/$pid/wchan" ] || { sleep 3; break; }
            sleep 0.1
            tries=$((tries + 1))
        done
        kill -s TERM $pid
        tries=0
        while [ $tries -lt 600 ] && kill -0 $pid 2>/dev/null; do sleep 0.1; tries=$((tries + 1)); done
        kill -0 $pid 2>/dev/null && ended=no || ended=yes
        exec 7>&-
        wait $pid 2>/dev/null
        status=$?
        kept=$("$PY" -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM articles").fetchone()[0])' "$T/pipe.db" 2>/dev/null)
        msg="ended before its input did: $ended; status $status; $kept kept; said: $(head -c 300 "$T/pipe.err")"
        check interrupted-add-waiting-on-pipe eval '[ "$ended" = yes ] && [ "$status" = 143 ] && [ "${kept:-0}" -gt 0 ] &&
            grep -q "^newsprint: add: interrupted by SIGTERM: $kept articles\{0,1\} added before it, committed" "$T/pipe.err"'
    else
        echo "SKIP store/interrupted-add-waiting-on-pipe: no mkfifo"
    fi
else
    echo "SKIP store/kill: no python3 with its sqlite3 module (it generates the corpus and reads the database)"
fi
# A text checked against a database (similar --file) that ties a stored
# copy on every evidence (no date, no credit, the same words) is the copy:
# the stored article was there first, whatever the two ids.  Its id
# ("paste") sorts before the stored one's ("zeta").
printf 'The river flooded the town of Dunmore on Thursday after three days of heavy rain. Residents were moved to the school hall overnight. The mayor said the damage would take months to repair.\n' > "$T/zeta.txt"
cp "$T/zeta.txt" "$T/paste.txt"
"$BIN" add --db "$T/late.db" --quiet "$T/zeta.txt"
"$BIN" similar --db "$T/late.db" --file "$T/paste.txt" > "$T/late.txt" 2>&1
"$BIN" similar --db "$T/late.db" --format json --file "$T/paste.txt" > "$T/late.json" 2>&1
msg="$(head -c 400 "$T/late.txt")"
check checked-text-is-the-copy eval 'grep -q "exact of zeta" "$T/late.txt" &&
    grep -q "\"relation\":\"exact\",\"copy_of\":\"zeta\"" "$T/late.json" &&
    grep -q "original zeta" "$T/late.txt"'
# A full disk: an add that cannot make a new database says so (no space
# left, while creating the database: it said 'starting the schema upgrade:
# database or disk is full') and leaves no empty file behind (a 0-byte
# database was left, which the next add took as its own); one whose
# database was there before keeps it (read once there is space again).  A small file system of its own: a
# tmpfs mounted in a mount namespace of its own (unshare -m, as root).
if unshare -m true 2>/dev/null; then
    mkdir -p "$T/full"
    unshare -m sh -c '
        mount -t tmpfs -o size=1m tmpfs "$1" || exit 1
        "$2" add --db "$1/kept.db" --quiet "$3/01-harborton-strike-wirepress.txt" || exit 1
        dd if=/dev/zero of="$1/fill" bs=4096 2>/dev/null
        "$2" add --db "$1/new.db" "$3" >"$4/new.out" 2>"$4/new.err"; echo $? >"$4/new.rc"
        ls "$1" >"$4/new.ls"
        "$2" add --db "$1/kept.db" "$3" >"$4/kept.out" 2>"$4/kept.err"; echo $? >"$4/kept.rc"
        ls "$1" >"$4/kept.ls"
        rm "$1/fill" # space again: the database kept is read
        "$2" stories --db "$1/kept.db" --format jsonl >"$4/kept.stories" 2>&1 || echo no stories >>"$4/kept.stories"
        ' sh "$T/full" "$BIN" "$A" "$T"
    msg="new database on a full disk: status $(cat "$T/new.rc" 2>/dev/null), files '$(tr '\n' ' ' <"$T/new.ls" 2>/dev/null)': $(cat "$T/new.err" 2>/dev/null)"
    check full-disk-new-database eval '[ "$(cat "$T/new.rc")" = 1 ] &&
        grep -q "new.db: creating the database: no space left on its file system" "$T/new.err" &&
        [ "$(wc -l <"$T/new.err")" -eq 1 ] && ! grep -q "new.db" "$T/new.ls"'
    msg="existing database on a full disk: status $(cat "$T/kept.rc" 2>/dev/null), files '$(tr '\n' ' ' <"$T/kept.ls" 2>/dev/null)': $(cat "$T/kept.err" 2>/dev/null) $(head -c 300 "$T/kept.stories")"
    check full-disk-kept-database eval '[ "$(cat "$T/kept.rc")" = 1 ] && grep -q "no space left" "$T/kept.err" &&
        grep -q "^kept.db$" "$T/kept.ls" && grep -q "01-harborton-strike-wirepress" "$T/kept.stories"'
else
    echo "SKIP store/full-disk: no mount namespace of its own (unshare -m) for a small file system"
fi

# The progress line on an 80-column terminal (script(1) gives the command
# one): each update no wider than 79 columns, so that "\r\033[K" rewrites
# it (a wider line wraps, and each update of a story pass's percent was
# left on a line of its own), and an add's grouping names the engine's
# stages as cluster's does (it said "finding copies and stories" alone
# for minutes).
if command -v script >/dev/null 2>&1 && script -qc true /dev/null >/dev/null 2>&1 && [ $have_python -eq 1 ]; then
    script -qc "stty cols 80 2>/dev/null; '$BIN' add --db '$T/tty.db' '$ROOT/examples'" /dev/null >"$T/tty.add" 2>&1
    script -qc "stty cols 80 2>/dev/null; '$BIN' cluster -o /dev/null '$ROOT/examples'" /dev/null >"$T/tty.cluster" 2>&1
    widest() { # FILE: the widest update's columns, and that update
        "$PY" - "$1" <<'PY'
import re, sys
text = open(sys.argv[1], "rb").read().decode("utf-8", "replace")
# an update: after "\r\033[K", rewritten (a carriage return, no new line
# after it: the terminal writes a line's end as "\r\n")
updates = re.findall(r"\x1b\[K([^\r\n]*)\r(?!\n)", text) or [""]
w = max(updates, key=len)
print(len(w), w)
PY
    }
    msg="add's widest update: $(widest "$T/tty.add"); cluster's: $(widest "$T/tty.cluster")"
    check progress-fits-terminal eval '[ "$(widest "$T/tty.add" | cut -d" " -f1)" -le 79 ] &&
        [ "$(widest "$T/tty.cluster" | cut -d" " -f1)" -le 79 ] && grep -q "stories and storylines" "$T/tty.cluster"'
    msg="add's progress: $(tr '\r' '\n' <"$T/tty.add" | sort -u | head -c 600)"
    check add-progress-names-stages eval 'grep -q "add: .*candidate pairs\.\.\." "$T/tty.add" &&
        grep -q "add: .*stories and storylines" "$T/tty.add"'
else
    echo "SKIP store/progress-fits-terminal: no script(1) to give a command a terminal, or no python3"
fi
exit 0
