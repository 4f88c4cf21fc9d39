#!/bin/sh
# badinput: `newsprint clean` on bad input, one PASS/FAIL/SKIP line per case.
#   sh tests/badinput.sh BIN
# Every case checks the exit status, what standard error says (the file
# and the reason, one line per problem), and that standard output holds
# only complete lines: with --format jsonl, each line a whole JSON article
# and the good articles all there, in order.  Works in a mktemp directory
# that is removed at the end.  Needs python3 for the JSON checks; uses
# /usr/bin/time -v, when present, for the memory bound of the big line.
set -u
[ $# -eq 1 ] || { echo "usage: sh tests/badinput.sh BIN" >&2; exit 2; }
bin=$1
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
[ -x "$bin" ] || { echo "FAIL badinput: $bin is not an executable"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/np-badinput.XXXXXX") || exit 1
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM HUP PIPE
cd "$tmp" || exit 1
have_python=0
command -v python3 >/dev/null 2>&1 && have_python=1
[ $have_python -eq 1 ] || echo "SKIP badinput-json: no python3, so JSON output lines are not parsed"
failed=0

# ---- running and checking ------------------------------------------------

# begin NAME: starts a case; checks record the first reason it fails.
begin() {
    name=$1
    why=
}
no() { # REASON: the case fails (the first reason is kept)
    [ -n "$why" ] || why=$1
}
end() {
    if [ -n "$why" ]; then
        echo "FAIL $name: $why"
        failed=1
    else
        echo "PASS $name"
    fi
}

# clean ARG...: runs BIN clean; stdout in out, stderr in err, status in rc.
clean() {
    "$bin" clean "$@" >out 2>err
    rc=$?
}

expect_status() {
    [ "$rc" -eq "$1" ] || no "exit status $rc, wanted $1 (stderr: $(head -n 3 err | tr '\n' ' '))"
}

# Problems are the stderr lines other than the closing summary.
problems() {
    grep -v '^newsprint: clean: [0-9]* articles\{0,1\} cleaned' err
}

expect_problems() { # N
    n=$(problems | wc -l)
    [ "$n" -eq "$1" ] || no "$n problem lines on stderr, wanted $1: $(problems | head -n 3 | tr '\n' ' ')"
}

# expect_problem TEXT...: some problem line contains every TEXT.
expect_problem() {
    problems >problems.txt
    for text in "$@"; do
        grep -F -e "$text" problems.txt >matched.txt || {
            no "no stderr line with '$*' (stderr: $(head -n 3 err | tr '\n' ' '))"
            return
        }
        mv matched.txt problems.txt
    done
}

expect_no_stdout() {
    [ ! -s out ] || no "unexpected output on stdout: $(head -c 120 out | tr '\n' ' ')"
}

# stdout empty or ending in a newline: no line cut short
expect_whole_lines() { # FILE
    [ ! -s "$1" ] || [ "$(tail -c 1 "$1" | od -An -c | tr -d ' ')" = '\n' ] ||
        no "$1 ends in a partial line"
}

expect_utf8() { # FILE
    if command -v iconv >/dev/null 2>&1; then
        iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1 || no "$1 is not valid UTF-8"
    elif [ $have_python -eq 1 ]; then
        python3 -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' "$1" 2>/dev/null ||
            no "$1 is not valid UTF-8"
    fi
}

# expect_articles FILE ID...: every line of FILE is one whole JSON article
# object, and their ids are exactly ID... in that order.
expect_articles() {
    file=$1
    shift
    [ -f "$file" ] || { no "$file was not written"; return; }
    expect_whole_lines "$file"
    [ $have_python -eq 1 ] || return 0
    problem=$(python3 - "$file" "$@" <<'EOF'
import json, sys
data = open(sys.argv[1], "rb").read()
want = sys.argv[2:]
ids = []
for n, raw in enumerate(data.split(b"\n")[:-1], 1):
    try:
        article = json.loads(raw.decode("utf-8"))
    except ValueError as e:
        print("line %d is not complete JSON (%s)" % (n, e))
        sys.exit()
    if not isinstance(article, dict) or not isinstance(article.get("paragraphs"), list):
        print("line %d is not an article object" % n)
        sys.exit()
    ids.append(article.get("id"))
if ids != want:
    print("articles %s, wanted %s" % (ids, want))
EOF
)
    [ -z "$problem" ] || no "$file: $problem"
}

# record ID TEXT: one JSONL line
record() {
    printf '{"id":"%s","text":"%s"}\n' "$1" "$2"
}

article_text='Harbour works delayed\n\nThe harbour authority said the new pier would open in June, two months late, after inspectors found cracks in the concrete.'

# ---- cases ----------------------------------------------------------------

begin invalid-utf8-text
printf 'Caf\351 owners protest \377\376 new rules\n\nThe owners of the caf\303 on the corner said the rules, \355\240\200 passed on Monday, would close them \300\257 within a year.\n' >latin1.txt
clean latin1.txt
expect_status 0
expect_problems 0
expect_whole_lines out
expect_utf8 out
grep -q 'owners of the caf' out || no "the repaired paragraph is missing from the output"
clean --format jsonl latin1.txt
expect_status 0
expect_articles out latin1
expect_utf8 out
end

begin binary-file
{ printf '\0\0\0\0'; head -c 4096 /dev/urandom; printf 'tail\0\0\0'; } >blob.dat
clean blob.dat
expect_status 1
expect_problems 1
expect_problem blob.dat binary
expect_no_stdout
end

# a binary file skipped kept its id: a later article of that id, in the
# same run, was refused as a duplicate of an article that never was; so did
# a UTF-16 file whose decoded text is binary (the cleaner refuses it)
for kind in binary utf16-binary; do
    begin $kind-file-takes-no-id
    mkdir -p $kind/a $kind/b
    if [ $kind = binary ]; then
        { printf '\0\0\0\0'; head -c 2048 /dev/urandom; } >$kind/a/story.txt
    else
        { printf '\377\376'; i=0; while [ $i -lt 64 ]; do printf '\001\000\002\000'; i=$((i + 1)); done; } >$kind/a/story.txt
    fi
    printf 'Harbour works delayed\n\nThe harbour authority said the new pier would open in June.\n' >$kind/b/story.txt
    clean --format jsonl $kind/a $kind/b
    expect_status 1
    expect_problems 1
    expect_problem $kind/a/story.txt binary
    expect_articles out story
    end
done

begin utf16-pages
# a web page or Markdown file in UTF-16 with its byte-order mark (as
# Windows tools save them) is read: the HTML parser decodes it, but its
# NUL bytes had it refused as binary first; one whose decoded text is
# binary is refused, and takes no id
mkdir -p u16p
page='<html><head><title>Pier delayed</title></head><body><article><p>The harbour authority said the new pier would open in June, two months late, after inspectors found cracks in the concrete.</p></article></body></html>'
if command -v iconv >/dev/null 2>&1; then
    { printf '\377\376'; printf '%s' "$page" | iconv -f UTF-8 -t UTF-16LE; } >u16p/le.html
    { printf '\376\377'; printf '# Pier delayed\n\nThe harbour authority said the new pier would open in June, two months late.\n' |
        iconv -f UTF-8 -t UTF-16BE; } >u16p/be.md
    { printf '\377\376'; i=0; while [ $i -lt 64 ]; do printf '\001\000\002\000'; i=$((i + 1)); done; } >u16p/bin.html
    mkdir -p u16p/again && cp u16p/le.html u16p/again/bin.html
    clean --format jsonl u16p/le.html u16p/be.md u16p/bin.html u16p/again/bin.html
    expect_status 1
    expect_problems 1
    expect_problem u16p/bin.html binary
    expect_articles out le be bin
    grep -q '"title":"Pier delayed"' out || no "the UTF-16 page's title was not read: $(head -c 200 out)"
else
    echo "SKIP utf16-pages: no iconv"
fi
end

begin utf16-without-mark
# UTF-16 text with no byte-order mark (a NUL byte beside each letter) was
# refused as 'binary' alone: it is named as UTF-16 with the iconv command
# that converts it; random bytes are binary still
if command -v iconv >/dev/null 2>&1; then
    printf 'Pier delayed\n\nThe harbour authority said the new pier would open in June.\n' |
        iconv -f UTF-8 -t UTF-16LE >u16le.txt
    printf 'Pier delayed\n\nThe harbour authority said the new pier would open in June.\n' |
        iconv -f UTF-8 -t UTF-16BE >u16be.txt
    { printf '\0\0\0\0'; head -c 2048 /dev/urandom; } >noise.txt
    clean --format jsonl u16le.txt u16be.txt noise.txt
    expect_status 1
    expect_problems 3
    expect_problem "u16le.txt: article \"u16le\" looks like UTF-16LE text without a byte-order mark" "iconv -f UTF-16LE -t UTF-8"
    expect_problem "u16be.txt: article \"u16be\" looks like UTF-16BE text" "iconv -f UTF-16BE -t UTF-8"
    expect_problem "noise.txt: article \"noise\" looks binary (NUL or control bytes)"
    expect_no_stdout
else
    echo "SKIP utf16-without-mark: no iconv"
fi
end

begin binary-file-given-twice
# a binary file given twice was said to be read once, "the later times
# each is a duplicate id": it takes no id, and is refused as binary each time
printf '\0\0binary\0data\0' >twice.bin
clean --format jsonl twice.bin twice.bin
expect_status 1
expect_problems 3
expect_problem "the file twice.bin is given twice" "refused as binary takes no id and is refused each time"
[ "$(grep -c 'twice.bin.*looks binary' err)" -eq 2 ] || no "twice.bin was not refused as binary twice: $(tr '\n' ' ' <err)"
end

begin empty-text-records
# a record whose text is empty or only spaces was an article of no word:
# clean listed it, cluster made it a story ("Untitled: a"), add stored it.
# Each skips it now, naming the file, line and article, exit status 1; an
# "html" beside an empty "text" is read
{
    printf '{"id":"e1","text":""}\n'
    printf '{"id":"e2","title":"A title alone","maintext":" \\n\\t\\u00a0\\u200b"}\n'
    record fine "$article_text"
    printf '{"id":"e3","text":"","html":"<p>The ferry ran late on Monday.</p>"}\n'
    printf '{"id":"e4","markdown":"   "}\n'
    printf '{"text":" "}\n'
} >blank.jsonl
for cmd in clean cluster add; do
    rm -f blank.db
    set -- --format jsonl blank.jsonl
    [ $cmd = add ] && set -- --db blank.db blank.jsonl
    "$bin" $cmd "$@" >out 2>err
    rc=$?
    expect_status 1
    expect_problem "blank.jsonl:1: article \"e1\": its \"text\" is empty or only spaces, skipped"
    expect_problem "blank.jsonl:2: article \"e2\": its \"maintext\" is empty or only spaces, skipped"
    expect_problem "blank.jsonl:5: article \"e4\": its \"markdown\" is empty or only spaces, skipped"
    expect_problem "blank.jsonl:6: \"text\" is empty or only spaces: no article, skipped"
    if [ $cmd = add ]; then
        "$bin" stories --db blank.db --format jsonl >out 2>err
    fi
    [ "$(grep -c '"id"' out)" -eq 2 ] && grep -q '"id":"fine"' out && grep -q '"id":"e3"' out ||
        no "$cmd: wanted the articles fine and e3: $(tr '\n' ' ' <out | head -c 300)"
done
end

begin nul-bytes-in-jsonl
# NUL bytes between records (a file padded or damaged): the line is named
# with its NUL, not as invalid JSON "near end of file"
{
    record before-nul "$article_text"
    printf '\0\0\0\0\n'
    printf '{"id":"trailing-nul","text":"%s"}\0\n' "$article_text"
    record after-nul "$article_text"
} >nul.jsonl
clean --format jsonl nul.jsonl
expect_status 1
expect_problems 2
expect_problem nul.jsonl:2: "NUL byte"
expect_problem nul.jsonl:3: "NUL byte"
expect_articles out before-nul after-nul
end

if [ $have_python -eq 1 ]; then
    begin utf16-jsonl
    # a JSONL file saved as UTF-16: one line naming the encoding and the
    # cure, not every line refused for its NUL bytes; the next file is read
    python3 -c 'import sys; sys.stdout.buffer.write("\ufeff{\"id\":\"w-1\",\"text\":\"a\"}\n{\"id\":\"w-2\",\"text\":\"b\"}\n".encode("utf-16-le"))' >wide.jsonl
    record after-wide "$article_text" >narrow.jsonl
    clean --format jsonl wide.jsonl narrow.jsonl
    expect_status 1
    expect_problems 1
    expect_problem wide.jsonl "UTF-16" "iconv"
    expect_articles out after-wide
    end
fi

begin empty-file
: >empty.txt
clean empty.txt
expect_status 1
expect_problems 1
expect_problem empty.txt empty
expect_no_stdout
# an empty file is an input skipped whatever its format: JSONL and WARC
# (plain or gzip) alike, or only blank lines; said under --quiet too
: >empty.jsonl
clean --format jsonl empty.jsonl
expect_status 1
expect_problems 1
expect_problem "empty.jsonl: empty file, skipped"
expect_no_stdout
clean --quiet --format jsonl empty.jsonl
expect_status 1
expect_problems 1
expect_problem "empty.jsonl: empty file, skipped"
printf '\n  \n\n' >blank.jsonl
: >empty.warc
: | gzip >empty.warc.gz
printf '\n\r\n' >blank.warc.gz # blank lines under a .gz name: plain, as gzip would read them
for f in blank.jsonl empty.warc empty.warc.gz blank.warc.gz; do
    clean --format jsonl $f
    expect_status 1
    expect_problems 1
    expect_problem "$f: empty file, skipped"
    expect_no_stdout
done
# an empty file among articles: they are read, the status says one skipped
printf '{"id":"e1","text":"The ferry to Callisford runs again on Monday."}\n' >one.jsonl
clean --format jsonl empty.jsonl one.jsonl empty.txt
expect_status 1
expect_problems 2
expect_problem "empty.jsonl: empty file, skipped"
grep -q '"id":"e1"' out || no "the article beside the empty files was not cleaned"
end

begin huge-jsonl-line
# line 1: a 200 MB record, far over the 16 MiB cap; then good records
{
    printf '{"id":"huge","text":"'
    head -c 209715200 /dev/zero | tr '\0' 'a'
    printf '"}\n'
    record after-huge-1 "$article_text"
    record after-huge-2 "$article_text"
} >huge.jsonl
record other-file "$article_text" >other.jsonl
rss=
if [ -x /usr/bin/time ] && /usr/bin/time -v true >/dev/null 2>&1; then
    /usr/bin/time -v "$bin" clean --format jsonl huge.jsonl other.jsonl >out 2>err.time
    rc=$?
    rss=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): *//p' err.time)
    grep -v '^[[:space:]]' err.time | grep -v '^Command exited with' >err
else
    clean --format jsonl huge.jsonl other.jsonl
fi
expect_status 1
expect_problems 1
expect_problem huge.jsonl:1: cap
expect_articles out after-huge-1 after-huge-2 other-file
if [ -n "$rss" ] && [ "$rss" -gt 102400 ]; then
    no "peak RSS ${rss} KB for a 200 MB line, over the ~100 MB bound"
fi
end
rm -f huge.jsonl
if [ -z "$rss" ]; then
    echo "SKIP huge-jsonl-line-rss: /usr/bin/time -v not available"
fi

begin truncated-jsonl
{
    record cut-1 "$article_text"
    record cut-2 "$article_text"
    printf '{"id":"cut-3","text":"The last line stops in the mid'
} >cut.jsonl
clean --format jsonl cut.jsonl
expect_status 1
expect_problems 1
expect_problem cut.jsonl:3: "invalid JSON"
expect_articles out cut-1 cut-2
end

begin jsonl-not-objects
{
    record before "$article_text"
    printf '[{"id":"in-array","text":"an array"}]\n'
    printf '42\n'
    printf '"just a string"\n'
    record after "$article_text"
} >values.jsonl
clean --format jsonl values.jsonl
expect_status 1
expect_problems 3
expect_problem values.jsonl:2: array
expect_problem values.jsonl:3: skipped
expect_problem values.jsonl:4: skipped
expect_articles out before after
end

begin duplicate-ids
record same "$article_text" >first.jsonl
{ record same "$article_text"; record unique "$article_text"; } >second.jsonl
mkdir -p d1 d2
printf 'Pier one\n\nThe first text file whose name is shared with another in a second folder.\n' >d1/story.txt
printf 'Pier two\n\nThe second text file whose name is shared with another in a first folder.\n' >d2/story.txt
clean --format jsonl first.jsonl second.jsonl d1/story.txt d2/story.txt
expect_status 1
expect_problems 2
expect_problem second.jsonl:1: duplicate same
expect_problem d2/story.txt duplicate story
expect_articles out same unique story
end

begin unreadable-missing
record fine "$article_text" >fine.jsonl
clean --format jsonl no-such-file.txt fine.jsonl
expect_status 1
expect_problems 1
expect_problem no-such-file.txt "No such file"
expect_articles out fine
end

if [ "$(id -u)" -eq 0 ]; then
    echo "SKIP unreadable-chmod: running as root, which reads a mode 000 file anyway"
else
    begin unreadable-chmod
    printf 'Locked\n\nA file nobody may read, to see the error it gives.\n' >locked.txt
    chmod 000 locked.txt
    clean --format jsonl locked.txt fine.jsonl
    expect_status 1
    expect_problems 1
    expect_problem locked.txt "Permission denied"
    expect_articles out fine
    chmod 600 locked.txt
    end
fi

begin directory-mix
mkdir -p mix/sub
printf 'First good story\n\nA good plain text article sits at the top of the folder with others.\n' >mix/a-good.txt
{ printf '\0binary\0'; head -c 512 /dev/urandom; } >mix/b-binary.txt
: >mix/c-empty.txt
{ record d-1 "$article_text"; printf '{"id":"d-2","text":\n'; record d-3 "$article_text"; } >mix/d-records.jsonl
printf 'Latin-1 caf\351 story\n\nThis text file has a byte that is not UTF-8 but is repaired.\n' >mix/e-latin1.txt
printf 'Nested good story\n\nA good article in a subfolder, read after the files above it.\n' >mix/sub/f-nested.txt
printf 'not an article, passed over by extension and noted\n' >mix/notes.md
clean --format jsonl mix
expect_status 1
expect_problems 4
expect_problem "passed over 1 file met in a directory, as its name says it is not an article (name it as an input to read it)" mix/notes.md
expect_problem mix/b-binary.txt binary
expect_problem mix/c-empty.txt empty
expect_problem mix/d-records.jsonl:2: "invalid JSON"
expect_articles out a-good d-1 d-3 e-latin1 f-nested
expect_utf8 out
end

begin directory-project-files
# a walk read a corpus folder's LICENSE or README (no extension) as an
# article, and passed README.md over without a word: a project's files
# are passed over, bare or .txt, and every file passed over is counted
# on one line naming the first three; an article file without an
# extension is still read, and a LICENSE named on the command line too
mkdir -p corpus/sub
printf 'Flood in Dunmore\n\nThe river flooded the town of Dunmore on Thursday after three days of rain.\n' >corpus/a1
printf 'Bridge closed\n\nThe old bridge at Callisford was closed on Friday after engineers found cracks.\n' >corpus/sub/b2.txt
printf 'MIT License\n\nPermission is hereby granted, free of charge, to any person obtaining a copy.\n' >corpus/LICENSE
printf 'This folder holds the articles of the flood study, one a file.\n' >corpus/README
printf 'The articles of the flood study.\n' >corpus/sub/Readme.txt
printf '# notes\n' >corpus/notes.md
clean --format jsonl corpus
expect_status 0
expect_problems 1
expect_problem "passed over 4 files met in directories, as their names say they are not articles (name one as an input to read it): corpus/LICENSE, corpus/README, corpus/notes.md and 1 more"
expect_articles out a1 b2
clean --format jsonl --quiet corpus
expect_problems 0
clean --format jsonl corpus/LICENSE
expect_status 0
expect_problems 0
expect_articles out LICENSE
end

begin directory-broken-link
# a symbolic link to a file since moved: named as such, with its target
# (was "No such file or directory" for a file the user sees listed)
mkdir -p linked
record linked-1 "$article_text" >linked/a.jsonl
ln -s ../moved-away.txt linked/b.txt
clean --format jsonl linked
expect_status 1
expect_problems 1
expect_problem linked/b.txt "symbolic link to a missing file" "moved-away.txt"
expect_articles out linked-1
end

begin directory-loop
# a link back to a directory being walked is reported once, not followed
# down to the system's link limit (which read every file 40 times, and
# with two such links 2^40 times)
mkdir -p ring/inner
record ring-1 "$article_text" >ring/inner/r.jsonl
ln -s ../../ring ring/inner/up
clean --format jsonl ring
expect_status 1
expect_problems 1
expect_problem ring/inner/up "loop"
expect_articles out ring-1
end

if command -v mkfifo >/dev/null 2>&1 && command -v timeout >/dev/null 2>&1; then
    begin directory-pipe
    # a pipe met in a directory walk or a pattern is skipped with a reason
    # (opening it waited for a writer for ever); one named is read
    mkdir -p piped
    mkfifo piped/waiting
    record pipe-1 "$article_text" >piped/p.jsonl
    timeout 60 "$bin" clean --format jsonl piped 'piped/w*' >out 2>err
    rc=$?
    expect_status 1
    expect_problems 2
    expect_problem piped/waiting "not a regular file"
    expect_articles out pipe-1
    end
else
    echo "SKIP directory-pipe: no mkfifo or timeout"
fi

if command -v mkfifo >/dev/null 2>&1 && [ -d /proc/self/fd ]; then
    begin file-shrinks-while-read
    # a JSONL file truncated while read: its cut line is skipped and the
    # loss is named (it ended as quietly as a whole file).  The output goes
    # into a pipe no one reads until the file is cut, so the reader, held
    # by the full pipe, is at most a few hundred records in.
    text=$article_text awk 'BEGIN { for (i = 1; i <= 4000; i++) printf "{\"id\":\"s%05d\",\"text\":\"%s\"}\n", i, ENVIRON["text"] }' >shrink.jsonl
    line_bytes=$(( $(wc -c <shrink.jsonl) / 4000 ))
    mkfifo shrink.pipe
    exec 3<>shrink.pipe 4<shrink.pipe # 4: the read end, open from the start
    "$bin" clean --format jsonl shrink.jsonl >shrink.pipe 2>err 3<&- 4<&- &
    pid=$!
    exec 3<&-
    tries=0
    until ls -l /proc/$pid/fd 2>/dev/null | grep -q shrink.jsonl || [ $tries -ge 300 ]; do
        sleep 0.1
        tries=$((tries + 1))
    done
    truncate -s $((line_bytes * 3000 + line_bytes / 2)) shrink.jsonl
    cat <&4 >out 4<&- &
    reader=$!
    exec 4<&-
    wait $pid
    rc=$?
    wait $reader
    expect_status 1
    expect_problems 2
    expect_problem shrink.jsonl:3001: "invalid JSON"
    expect_problem shrink.jsonl "shrank while read"
    [ "$(wc -l <out)" -eq 3000 ] || no "$(wc -l <out) articles out, wanted the 3000 whole lines"
    end
else
    echo "SKIP file-shrinks-while-read: no mkfifo or /proc"
fi

begin html-50mb-page
# a 50 MB web page is over the article cap: refused by name, the next page read
{ printf '<html><body>'; head -c 52428800 /dev/zero | tr '\0' 'x'; printf '</body></html>'; } >giant.html
printf '<html><body><article><p>A short page with one sentence in it, about the harbour.</p></article></body></html>' >small.html
clean --format jsonl giant.html small.html
expect_status 1
expect_problems 1
expect_problem giant.html cap
expect_articles out small
end

begin html-title-over-cap
# a page's <title> over the 4 KiB field cap is no title, as a JSONL title
# over it is not read (it was the article's title, 100 KB of it)
{ printf '<html><head><title>'; head -c 100000 /dev/zero | tr '\0' 'T'; printf '</title></head><body><article><p>A short page with one sentence in it, about the harbour.</p></article></body></html>'; } >longtitle.html
clean --format jsonl longtitle.html
expect_status 0
expect_problems 0
expect_articles out longtitle
grep -q '"id":"longtitle","title":null' out || no "the 100 KB <title> was kept: $(head -c 80 out)"
end

begin warc-binary-payload
# a WARC record whose "page" is binary: skipped with a reason, no crash
{ printf 'WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: http://b.example/\r\nContent-Type: text/html\r\nContent-Length: 4096\r\n\r\n'; head -c 4096 /dev/urandom; printf '\r\n\r\n'; } >blob.warc
clean --format jsonl blob.warc
expect_status 1
expect_problems 1
expect_problem blob.warc binary
end

if command -v gzip >/dev/null 2>&1; then
    begin warc-gzip-cut-short
    # a .warc.gz cut short after its last record's data (here in the gzip
    # trailer): the record is read and the cut reported, where the file
    # ended quietly with status 0 (and cut between records, the records
    # after the cut were lost unsaid)
    page='<html><body><article><p>The harbour pier opens in June, two months late, after inspectors found cracks.</p></article></body></html>'
    printf 'WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: http://a.example/pier\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n' ${#page} "$page" |
        gzip -c >whole.warc.gz
    head -c $(($(wc -c <whole.warc.gz) - 4)) whole.warc.gz >cut.warc.gz
    clean --format jsonl cut.warc.gz
    expect_status 1
    expect_problems 1
    expect_problem cut.warc.gz "cut short"
    expect_articles out http://a.example/pier
    end
else
    echo "SKIP warc-gzip-cut-short: no gzip"
fi

if command -v gzip >/dev/null 2>&1 && [ $have_python -eq 1 ]; then
    begin warc-gzip-damaged-member
    # a record's gzip member damaged in the middle of a .warc.gz costs that
    # record only: the reader goes on at the next member that starts a WARC
    # record, and says once, naming the file once, what it passed over and
    # where (the rest of the file was lost: 'after record 1, the rest of
    # the file is lost'; zlib's message, which begins with the path, once
    # named the file twice)
    page='<html><body><article><p>The harbour pier opens in June, two months late, after inspectors found cracks.</p></article></body></html>'
    for place in pier quay wharf dock; do
        printf 'WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: http://a.example/%s\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n' $place ${#page} "$page" |
            gzip -c >$place.member
    done
    python3 -c 'import sys; d = bytearray(open(sys.argv[1], "rb").read()); d[20:-10] = bytes(b ^ 0x5a for b in d[20:-10]); open(sys.argv[1], "wb").write(bytes(d))' quay.member
    cat pier.member quay.member wharf.member dock.member >damaged.warc.gz
    clean --format jsonl damaged.warc.gz
    expect_status 1
    expect_problems 1
    expect_problem "damaged.warc.gz: record 2: damaged gzip data (" "passed over" "1 record lost" "the records after it read"
    grep -q "damaged.warc.gz: .*damaged.warc.gz" err && no "the file named twice: $(cat err)"
    expect_articles out http://a.example/pier http://a.example/wharf http://a.example/dock
    end

    begin warc-gzip-member-header-damaged
    # a member whose gzip header is overwritten: zlib took the bytes from
    # there on for trailing garbage and ended the file quietly, status 0,
    # the records after it lost without a word; now they are read and the
    # bytes passed over said with their place
    python3 -c 'import sys; d = bytearray(open(sys.argv[1], "rb").read()); d[0:2] = b"xx"; open(sys.argv[2], "wb").write(bytes(d))' quay.member quay-header.member
    cat pier.member quay-header.member wharf.member >badheader.warc.gz
    clean --format jsonl badheader.warc.gz
    expect_status 1
    expect_problems 1
    expect_problem "badheader.warc.gz: record 2: damaged gzip data (bytes that are no gzip member): bytes " "1 record lost"
    expect_articles out http://a.example/pier http://a.example/wharf
    end

    begin warc-gzip-last-record-cut-short
    # a .warc.gz cut short inside its last record's member: the records
    # before it read, the cut record named once with what it had
    cat pier.member wharf.member >twothirds.warc.gz
    head -c $(($(wc -c <dock.member) - 20)) dock.member >>twothirds.warc.gz
    clean --format jsonl twothirds.warc.gz
    expect_status 1
    expect_problems 1
    expect_problem "twothirds.warc.gz: record 3: truncated ("
    expect_articles out http://a.example/pier http://a.example/wharf
    end

    begin warc-stdin
    # a crawl piped in, gzip or plain ('zcat crawl.warc.gz | newsprint
    # cluster -'), is read as the WARC it is: it was one text article of
    # WARC headers, titled 'WARC/1.0'
    # (a pipe into the function 'clean' would run it in a subshell)
    cat pier.member wharf.member | "$bin" clean --format jsonl - >out 2>err
    rc=$?
    expect_status 0
    expect_problems 0
    expect_articles out http://a.example/pier http://a.example/wharf
    cat pier.member wharf.member | gzip -dc | "$bin" clean --format jsonl - >out 2>err
    rc=$?
    expect_status 0
    expect_articles out http://a.example/pier http://a.example/wharf
    end

    begin warc-stdin-damaged
    # a stream cannot be searched for the next member: the records before
    # the damage are read (zlib's gzread dropped the bytes it had copied
    # when the member after them was damaged), the rest said lost
    cat pier.member wharf.member quay.member dock.member | "$bin" clean --format jsonl - >out 2>err
    rc=$?
    expect_status 1
    expect_problems 1
    expect_problem "standard input: damaged gzip data (" "after record 2, the rest of the input is lost"
    expect_articles out http://a.example/pier http://a.example/wharf
    end

    begin warc-other-name
    # a crawl under a name of no WARC extension, or from a pipe, is a WARC
    # all the same: it was one text article, or over the article cap
    cat pier.member wharf.member >CC-NEWS-0001
    cat pier.member wharf.member | gzip -dc >crawl.txt
    mkfifo crawl.pipe
    cat pier.member >crawl.pipe &
    clean --format jsonl CC-NEWS-0001 crawl.txt crawl.pipe
    wait
    expect_status 1
    expect_problem "crawl.txt: record 1: duplicate id"
    expect_problem "crawl.pipe: record 1: duplicate id"
    grep -q 'WARC/1' out && no "a WARC read as a text article: $(head -c 200 out)"
    expect_articles out http://a.example/pier http://a.example/wharf
    end
else
    echo "SKIP warc-gzip-damaged-member: no gzip or python3"
    echo "SKIP warc-gzip-member-header-damaged: no gzip or python3"
    echo "SKIP warc-gzip-last-record-cut-short: no gzip or python3"
    echo "SKIP warc-stdin: no gzip or python3"
    echo "SKIP warc-stdin-damaged: no gzip or python3"
    echo "SKIP warc-other-name: no gzip or python3"
fi

begin warc-not-a-record
# lines that are no WARC record are passed over to the next line
# 'WARC/1.0' (or 1.1), said once with their place: the record after them
# is read (the rest of the file was skipped: 'record 1: not a WARC record,
# rest of the file skipped')
page='<html><body><article><p>The harbour pier opens in June, two months late, after inspectors found cracks.</p></article></body></html>'
{
    printf 'this is not\nthe start of\na WARC file\n\n'
    printf 'WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: http://a.example/pier\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n' ${#page} "$page"
} >junk-start.warc
clean --format jsonl junk-start.warc fine.jsonl
expect_status 1
expect_problems 1
expect_problem "junk-start.warc: record 1: not a WARC record: bytes 0 to 38 passed over (38 bytes, 1 record lost), the records after it read"
expect_articles out http://a.example/pier fine
end

begin warc-junk-between-records
# a stretch of junk between two records of a plain .warc costs no more
# than itself: the records on both sides are read, the junk said once
# (all after it was skipped); two such stretches make one line
warc_record() { # PLACE
    printf 'WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: http://a.example/%s\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n' $1 ${#page} "$page"
}
{ warc_record pier; printf 'GARBAGE 1\nWARC/0.9 is no version\n'; warc_record quay; printf 'GARBAGE 2\n'; warc_record wharf; } >junk-between.warc
clean --format jsonl junk-between.warc
expect_status 1
expect_problems 1
expect_problem "junk-between.warc: 2 records lost, 43 bytes passed over: the first record 2: not a WARC record: bytes 254 to 287; the last record 4: bytes 541 to 551, the records after each read"
expect_articles out http://a.example/pier http://a.example/quay http://a.example/wharf
end

begin warc-record-cut-short-mid-file
# a record cut short and the next one written after it: its
# Content-Length runs into the next record, whose start is found in its
# block; the cut record is lost, the ones after it read (they were all
# skipped: the next record's middle was no WARC record)
{
    warc_record pier
    printf 'WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: http://a.example/cut\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n<html><body><p>Cut' ${#page}
    printf '\r\n\r\n'
    warc_record quay
    warc_record wharf
} >cutmid.warc
clean --format jsonl cutmid.warc
expect_status 1
expect_problems 1
expect_problem "cutmid.warc: record 2: its Content-Length (131) runs past the next record: bytes 254 to 394 passed over (140 bytes, 1 record lost), the records after it read"
expect_articles out http://a.example/pier http://a.example/quay http://a.example/wharf
end

begin warc-not-a-warc-file
# a file of junk named .warc is one clear error, whatever its size: not a
# scan that reports a record a line (it was 'record 1: not a WARC record')
head -c 200000 /dev/urandom >noise.warc
yes 'just a line of text' | head -n 5000 >lines.warc
clean --format jsonl noise.warc lines.warc fine.jsonl
expect_status 1
expect_problems 2
expect_problem "noise.warc: not a WARC file: no line 'WARC/1.0' or 'WARC/1.1' in its 200000 bytes, skipped"
expect_problem "lines.warc: not a WARC file: no line 'WARC/1.0' or 'WARC/1.1' in its 100000 bytes, skipped"
expect_articles out fine
end

begin warc-bad-content-length
# a Content-Length that is no byte count (past 64 bits here) is named and
# the rest of the file skipped; it passed for the largest number, the
# seek failed and the file ended quietly with status 0
page='<html><body><article><p>The harbour pier opens in June, two months late, after inspectors found cracks.</p></article></body></html>'
{
    printf 'WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: http://a.example/pier\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n' ${#page} "$page"
    printf 'WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: http://a.example/b\r\nContent-Type: text/html\r\nContent-Length: 99999999999999999999\r\n\r\n%s\r\n\r\n' "$page"
} >badlength.warc
clean --format jsonl badlength.warc fine.jsonl
expect_status 1
expect_problems 1
expect_problem badlength.warc "record 2" "Content-Length '99999999999999999999' is not a number of bytes"
expect_articles out http://a.example/pier fine
end

begin warc-passed-record-cut-short
# a record passed over (a request) cut short at the end of the file is
# reported as a page cut short is; it was lost without a word
page='<html><body><article><p>The harbour pier opens in June, two months late, after inspectors found cracks.</p></article></body></html>'
{
    printf 'WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: http://a.example/pier\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n' ${#page} "$page"
    printf 'WARC/1.0\r\nWARC-Type: request\r\nWARC-Target-URI: http://a.example/next\r\nContent-Length: 4000\r\n\r\nGET /next HTTP/1.1\r\n'
} >cutrequest.warc
clean --format jsonl cutrequest.warc
expect_status 1
expect_problems 1
expect_problem cutrequest.warc "record 2" "truncated (20 of 4000 bytes), skipped"
expect_articles out http://a.example/pier
end

begin warc-id-over-cap
# a target URI over 512 bytes is an id over the cap, refused as a JSONL
# id is (it was taken as the id, up to 4 KiB)
page='<html><body><article><p>The harbour pier opens in June, two months late, after inspectors found cracks.</p></article></body></html>'
long=http://a.example/$(head -c 600 /dev/zero | tr '\0' 'q')
{
    printf 'WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: %s\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n' "$long" ${#page} "$page"
    printf 'WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: http://a.example/pier\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n' ${#page} "$page"
} >longuri.warc
clean --format jsonl longuri.warc
expect_status 1
expect_problems 1
expect_problem longuri.warc "record 1" "WARC-Target-URI" "over 512 bytes, skipped"
expect_articles out http://a.example/pier
end

begin json-name
# a .json file was one text article of JSON whatever it held: one object
# a line is read as JSONL; an array or an object over several lines is
# refused with the jq command that makes JSONL of it
{ record j1 "$article_text"; record j2 "$article_text Again."; } >lines.json
printf '[\n  {"id": "a1", "text": "%s"}\n]\n' "$article_text" >array.json
printf '{\n  "id": "p1",\n  "text": "%s"\n}\n' "$article_text" >pretty.json
clean --format jsonl lines.json array.json pretty.json fine.jsonl
expect_status 1
expect_problems 2
expect_problem array.json "a JSON array" "jq -c '.[]' FILE > FILE.jsonl" skipped
expect_problem pretty.json "a JSON object over several lines" "jq -c '.' FILE > FILE.jsonl" skipped
expect_articles out j1 j2 fine
end

begin json-in-walk
# a directory walk passed .json files over without a word: they are read
# as one named is (JSONL, or refused with the jq command), gzipped too
mkdir -p jsondir
{ record w1 "$article_text"; record w2 "$article_text Again."; } >jsondir/lines.json
record w3 "$article_text Once more." | gzip >jsondir/more.json.gz
cp array.json jsondir/
clean --format jsonl jsondir
expect_status 1
expect_problems 1
expect_problem jsondir/array.json "a JSON array" "jq -c '.[]' FILE > FILE.jsonl" skipped
expect_articles out w1 w2 w3
end

begin json-in-walk-counted
# a walk over a project's folder named every package.json and tsconfig.json
# on a line of its own (one whose first line ends open as two or more
# lines of invalid JSON): the first such .json file is named, with the jq
# command, the others counted on one line naming the first three
mkdir -p project/node_modules/left-pad project/node_modules/chalk project/src
printf '{\n  "name": "site",\n  "version": "1.0.0"\n}\n' >project/package.json
printf '{\n  "name": "left-pad"\n}\n' >project/node_modules/left-pad/package.json
printf '{"name": "chalk",\n "version": "5.0.0"}\n' >project/node_modules/chalk/package.json
printf '{\n  "compilerOptions": {}\n}\n' >project/tsconfig.json
printf '[1, 2]\n' >project/src/data.json
{ record p1 "$article_text"; record p2 "$article_text Again."; } >project/src/articles.json
clean --format jsonl project
expect_status 1
expect_problems 2
expect_problem project/node_modules/chalk/package.json "a JSON object over several lines" "jq -c '.' FILE > FILE.jsonl" skipped
expect_problem "4 more .json files met in directories skipped as no JSONL (each an array or an object over several lines): project/node_modules/left-pad/package.json, project/package.json, project/src/data.json and 1 more"
expect_articles out p1 p2
end

begin binary-counted
# a walk over a build or a folder of images named every binary file on a
# line of its own (hundreds over a project's folder): the first five are
# named, the others counted on one line naming the first three
mkdir -p bins
for k in 1 2 3 4 5 6 7 8 9; do printf 'ELF\000\001\002binary %s\000\000' $k >bins/prog$k; done
record b1 "$article_text" >bins/articles.jsonl
clean --format jsonl bins
expect_status 1
expect_problems 6
expect_problem bins/prog5 "looks binary" skipped
expect_problem "4 more records skipped as binary (NUL or control bytes, or gzip data): bins/prog6, bins/prog7, bins/prog8 and 1 more"
expect_articles out b1
end

begin json-in-walk-one-line-counted
# one-line .json files of a project (package.json as npm writes it
# compact, tsconfig.json) each gave an error line of their own ('line 1:
# no "text", "html" or "markdown" string'): the first is named so, the others counted
# on one line, with those of other shapes when both are met; a .json file
# of articles whose line 2 has no text still names that line
mkdir -p proj/node_modules/chalk proj/node_modules/debug proj/src
printf '{"name":"site","version":"1.0.0"}\n' >proj/package.json
printf '{"name":"chalk","version":"5.0.0"}\n' >proj/node_modules/chalk/package.json
printf '{"name":"debug","version":"4.3.4"}\n' >proj/node_modules/debug/package.json
printf '{"compilerOptions":{"strict":true}}\n' >proj/tsconfig.json
{ record q1 "$article_text"; printf '{"id":"q2"}\n'; record q3 "$article_text Again."; } >proj/src/articles.json
clean --format jsonl proj
expect_status 1
expect_problems 3
expect_problem "proj/node_modules/chalk/package.json:1: no \"text\", \"html\" or \"markdown\" string, skipped"
expect_problem "proj/src/articles.json:2: no \"text\", \"html\" or \"markdown\" string, skipped"
expect_problem "3 more .json files met in directories skipped as no articles (each an object with no \"text\", \"html\" or \"markdown\" string): proj/node_modules/debug/package.json, proj/package.json, proj/tsconfig.json"
expect_articles out q1 q3
printf '[1, 2]\n' >proj/src/data.json
clean --format jsonl proj
expect_problems 3
expect_problem "4 more .json files met in directories skipped as no JSONL of articles (each an array, an object over several lines or one with no \"text\", \"html\" or \"markdown\" string): proj/node_modules/debug/package.json, proj/package.json, proj/src/data.json and 1 more"
end

begin json-name-over-article-cap
# JSONL named .json over 16 MiB was refused as one text article over the
# article cap, before it was looked at
if [ $have_python -eq 1 ]; then
    python3 -c '
import json, sys
text = sys.argv[1]
for i in range(5000):
    print(json.dumps({"id": "big%d" % i, "text": text + " " + "x" * 3400}))
' "$article_text" >big.json
    clean --format summary --quiet big.json
    expect_status 0
    [ "$(grep -c '^big' out)" -eq 5000 ] || no "$(grep -c '^big' out) of 5000 articles read: $(head -n 2 err)"
else
    echo "SKIP json-name-over-article-cap: no python3"
fi
end

begin empty-directory
# an empty directory in the walk is nothing to read, not an error (the
# directory listing then sorts zero names)
mkdir -p hollow/inner
clean --format jsonl hollow fine.jsonl
expect_status 0
expect_problems 0
expect_articles out fine
end

begin non-string-fields
# a title, url or source that is not a string (a number, true, an array,
# an object) is named (the first five articles, then a count) and not read
body='with enough words in it to be read as one article of the corpus'
{
    printf '{"id":"n1","title":1984,"source":2.5,"text":"First %s."}\n' "$body"
    printf '{"id":"n2","title":"Plain","url":["x"],"text":"Second %s."}\n' "$body"
    for k in 3 4 5 6 7 8; do
        printf '{"id":"n%s","source":{"name":"S"},"title":true,"text":"Article %s %s."}\n' $k $k "$body"
    done
} >kinds.jsonl
clean --format jsonl kinds.jsonl
expect_status 0
expect_problems 6
expect_problem kinds.jsonl:1 n1 '"title" (a number)' '"source" (a number)'
expect_problem kinds.jsonl:2 n2 '"url" (an array)' "not read"
expect_problem kinds.jsonl:3 n3 '"title" (true or false)' '"source" (an object)'
expect_problem "3 more articles have a title, url or source field newsprint does not read"
expect_articles out n1 n2 n3 n4 n5 n6 n7 n8
grep -q '"id":"n1","title":null,"date":null,"source":null' out || no "n1's number title or source was kept"
end

begin empty-directory-alone
# no article anywhere: not an error, but said (unless --quiet)
mkdir -p bare/inner
clean --format jsonl bare
expect_status 0
expect_problems 1
expect_problem "no article found in bare"
expect_no_stdout
end

begin bad-format-option
clean --format bogus fine.jsonl
expect_status 2
expect_problems 1
expect_problem --format bogus
expect_no_stdout
end

begin no-inputs
clean --format jsonl
expect_status 2
expect_problems 1
expect_problem "no input"
expect_no_stdout
end

if [ -w /dev/full ]; then
    begin stdout-full-disk
    "$bin" clean --format jsonl latin1.txt fine.jsonl >/dev/full 2>err
    rc=$?
    expect_status 1
    expect_problems 1
    expect_problem "standard output" "write failed"
    end
else
    echo "SKIP stdout-full-disk: no /dev/full"
fi

begin output-cannot-create
clean --format jsonl -o missing-dir/out.jsonl fine.jsonl
expect_status 1
expect_problem missing-dir/out.jsonl "its directory missing-dir does not exist"
expect_no_stdout
[ ! -e missing-dir ] || no "missing-dir was created"
if [ -e /dev/full ]; then
    clean --format jsonl -o /dev/full/out.jsonl fine.jsonl
    expect_status 1
    expect_problem /dev/full/out.jsonl
    expect_no_stdout
fi
end

if command -v mkfifo >/dev/null 2>&1 && command -v timeout >/dev/null 2>&1; then
    begin cluster-output-checked-first
    # cluster makes its output file before the run, so one that cannot be
    # made fails at once, not after hours of work: its input here is a pipe
    # no one writes, which a run would wait on
    mkfifo never.jsonl
    timeout 60 "$bin" cluster --format jsonl -o missing-dir/out.jsonl never.jsonl >out 2>err
    rc=$?
    expect_status 1
    expect_problem missing-dir/out.jsonl "its directory missing-dir does not exist"
    expect_no_stdout
    end
else
    echo "SKIP cluster-output-checked-first: no mkfifo or timeout"
fi

begin output-write-fails
# the output file hits the file size limit part way: the run must fail and
# remove what it wrote (SIGXFSZ ignored, so write() reports EFBIG instead)
i=0
while [ $i -lt 40 ]; do
    i=$((i + 1))
    record "big-$i" "$article_text"
done >many.jsonl
(trap '' XFSZ; ulimit -f 4 && exec "$bin" clean --format jsonl -o limited.jsonl many.jsonl) >out 2>err
rc=$?
expect_status 1
expect_problem limited.jsonl "write failed"
expect_no_stdout
[ ! -e limited.jsonl ] || no "limited.jsonl was left behind after a failed write"
leftover=$(ls | grep '^limited\.jsonl' || true)
[ -z "$leftover" ] || no "partial files left behind: $leftover"
end

if [ -w /dev/full ]; then
    # -o naming a device is written in place; a write that fails part way
    # (more than a stdio buffer) names the device, not a temporary file
    begin output-device-full
    clean --format jsonl -o /dev/full many.jsonl
    expect_status 1
    expect_problems 1
    expect_problem /dev/full "write failed"
    ! grep -q '(null)' err || no "stderr names no file: $(head -n 1 err)"
    expect_no_stdout
    end
else
    echo "SKIP output-device-full: no /dev/full"
fi

if command -v mkfifo >/dev/null 2>&1; then
    begin output-interrupted
    # a run ended by SIGTERM or SIGHUP removes its unfinished output: it
    # waits here on a pipe with no writer, its temporary file made
    mkfifo stalled.jsonl
    for sig in TERM HUP; do
        # a signal ignored where the tests run (under nohup: SIGHUP) stays
        # ignored in newsprint, as it should; it is not sent, or the run
        # would wait on its pipe for ever
        case $sig in TERM) num=15 ;; *) num=1 ;; esac
        mask=$(sed -n 's/^SigIgn:[[:space:]]*//p' /proc/$$/status 2>/dev/null || true)
        if [ -n "$mask" ] && [ $(((0x$mask >> (num - 1)) & 1)) -eq 1 ]; then
            echo "  (SIG$sig is ignored here, as newsprint keeps it: not sent)"
            continue
        fi
        "$bin" clean --format jsonl -o stopped.jsonl stalled.jsonl >out 2>err &
        pid=$!
        n=0
        while [ $n -lt 300 ] && [ -z "$(ls | grep '^stopped\.jsonl\.tmp\.' || true)" ]; do
            sleep 0.1
            n=$((n + 1))
        done
        [ $n -lt 300 ] || no "no temporary output appeared"
        kill -$sig $pid
        wait $pid 2>/dev/null # the shell's "Terminated" is no problem of the case
        rc=$?
        [ $rc -gt 128 ] || no "exit status $rc after SIG$sig, wanted the signal's"
        leftover=$(ls | grep '^stopped\.jsonl' || true)
        [ -z "$leftover" ] || no "SIG$sig left $leftover behind"
        rm -f stopped.jsonl*
    done
    end
else
    echo "SKIP output-interrupted: no mkfifo"
fi

begin output-with-skipped-input
mkdir -p outdir
record keep "$article_text" >keep.jsonl
clean --format jsonl -o outdir/out.jsonl keep.jsonl no-such-input.jsonl
expect_status 1
expect_problem no-such-input.jsonl
[ -z "$(ls outdir | grep -v '^out\.jsonl$')" ] || no "temporary files left in outdir: $(ls outdir)"
expect_articles outdir/out.jsonl keep
end

begin output-file-complete
clean --format jsonl -o done.jsonl latin1.txt fine.jsonl mix/a-good.txt
expect_status 0
expect_problems 0
expect_no_stdout
expect_articles done.jsonl latin1 fine a-good
[ ! -f done.jsonl ] || expect_utf8 done.jsonl
leftover=$(ls | grep '\.tmp\.' || true)
[ -z "$leftover" ] || no "temporary files left behind: $leftover"
end

begin group-shard-given-twice
# group's note on an input given twice spoke of text inputs: "a record
# refused as binary ... is refused each time" of a shard (which holds no
# such record), and "its articles are read once" of a links file, which is
# refused as a partition given twice
"$bin" sign --quiet -o twice.nps fine.jsonl >out 2>err || no "sign failed: $(head -n 1 err)"
"$bin" join --quiet --part 0/1 -o twice.npp twice.nps >out 2>err || no "join failed: $(head -n 1 err)"
"$bin" verify --quiet --part 0/1 -o twice.npl twice.nps twice.npp >out 2>err || no "verify failed: $(head -n 1 err)"
"$bin" group --quiet --format jsonl twice.nps twice.nps >out 2>err
rc=$?
expect_status 1
expect_problem "group: the shard twice.nps is given twice: its articles are read once" \
    "(the later times each is a duplicate id, skipped)"
! grep -q "binary" err || no "a shard given twice was said to hold records refused as binary: $(head -n 1 err)"
"$bin" group --quiet --format jsonl twice.nps twice.npl twice.npl >out 2>err
rc=$?
expect_status 1
expect_problem "twice.npl: partition 0/1 given twice"
! grep -q "read once" err || no "a links file given twice was said to be read once: $(head -n 1 err)"
end

begin sign-records-past-the-end
# --records starting past the inputs' last record made an empty shard and
# said nothing (exit 0): said now, with how to count the records; still
# exit 0 and the shard made (a range may hold none), not under --quiet
{ record r0 "$article_text"; record r1 "$article_text"; } >two.jsonl
"$bin" sign --records 5: -o past.nps two.jsonl >out 2>err
rc=$?
expect_status 0
expect_problem "newsprint: sign: the inputs hold no record numbered 5 or more" "sign --count INPUT" "past.nps holds no article"
[ -s past.nps ] || no "no shard written"
"$bin" sign --records 1: -o last.nps two.jsonl >out 2>err
[ ! -s err ] || no "a range holding a record was said to hold none: $(head -n 1 err)"
"$bin" sign --quiet --records 5: -o past.nps two.jsonl >out 2>err
[ ! -s err ] || no "said under --quiet: $(head -n 1 err)"
end

begin staged-file-compressed-or-directory
# a shard compressed for the trip between machines was "not a newsprint
# shard", and a directory given to join "Is a directory: no shard header"
"$bin" sign --quiet -o packed.nps fine.jsonl >out 2>err || no "sign failed: $(head -n 1 err)"
gzip -c packed.nps >packed.nps.gz
mkdir -p shards.d
for stage in group join; do
    set -- -o out.x
    [ $stage = join ] && set -- --part 0/1 -o out.npp
    "$bin" $stage "$@" packed.nps.gz >out 2>err
    rc=$?
    expect_status 1
    expect_problem "packed.nps.gz: gzip-compressed data: decompress it first"
    "$bin" $stage "$@" shards.d >out 2>err
    rc=$?
    expect_status 1
    expect_problem "shards.d: a directory, not a newsprint shard" "give the files in it"
done
end

begin compare-pairs-bad-files
# compare --pairs: an empty file said "no pair found", exit 0 (an empty
# file is an input skipped, exit 1, everywhere else); a binary file named
# every line (one per line, thousands for a large one), exit 0 when the
# flood was piped; a pair with an empty text was compared as one of no
# word (every measure 0)
: >pairs-empty.tsv
"$bin" compare --pairs pairs-empty.tsv >out 2>err
rc=$?
expect_status 1
expect_problem "compare: pairs-empty.tsv: empty file, skipped"
awk 'BEGIN { for (i = 0; i < 50; i++) printf "\001\002\003 %c junk %d\n", 0, i }' >pairs.bin
"$bin" compare --pairs pairs.bin >out 2>err
rc=$?
expect_status 1
[ "$(wc -l <err)" -le 6 ] || no "$(wc -l <err) lines on stderr for a binary pairs file, wanted 6 at most"
expect_problem "compare: pairs.bin: 45 more lines skipped (the first 5 named): every line"
printf '1\ta\tb\tThe ferry ran late on Monday.\t \n1\tc\td\tThe ferry ran late.\tThe ferry ran late.\n' >pairs-blank.tsv
"$bin" compare --pairs pairs-blank.tsv >out 2>err
rc=$?
expect_status 1
expect_problem "compare: pairs-blank.tsv:1: TEXT2 is empty or only spaces, skipped"
[ "$(wc -l <out)" -eq 1 ] && grep -q '"id1":"c"' out || no "wanted the pair c d alone: $(head -c 200 out)"
end

begin compare-pairs-one-run-as-one-per-run
# compare --pairs keeps one fingerprinter for every pair (a new one per
# pair was 88% of the run): each pair's line is the one a run of that pair
# alone prints, whatever pairs came before it
{
    printf '1\ts1\ts2\tHarbin Motors sold 300 trucks to Pellam last year.\tHarbin Motors sold 450 trucks to Dorvik last year.\n'
    printf '0\tf1\tf2\tThe Lindqvist Foundry closed its last furnace on Monday. About 340 workers lost their jobs.\tA late frost damaged the apple blossom in the Tarrin orchards.\n'
    printf '1\tf3\tf4\tAbout 340 workers lost their jobs, the owner told reporters. The council will buy the site.\tThe council will buy the site. About 340 workers lost their jobs, the owner told reporters.\n'
    printf '1\ts3\ts4\tHarbin Motors sold 300 trucks to Pellam last year.\tHarbin Motors sold 300 trucks to Pellam last year.\n'
    printf '0\tt1\tt2\t\340\270\247\340\270\261\340\270\231\340\270\231\340\270\265\340\271\211 in Marrow Bay.\tIn Marrow Bay the rain fell all day.\n'
    printf '1\tp1\tp2\tOn Tuesday the bill was passed by the senate of Korvania.\tThe senate of Korvania passed the bill on Tuesday.\n'
} >pairs-many.tsv
"$bin" compare --pairs pairs-many.tsv >out 2>err
rc=$?
expect_status 0
[ "$(wc -l <out)" -eq 6 ] || no "$(wc -l <out) lines for 6 pairs"
: >alone
n=0
while IFS= read -r pair; do
    n=$((n + 1))
    printf '%s\n' "$pair" >pair-one.tsv
    "$bin" compare --pairs pair-one.tsv >>alone 2>err || no "pair $n alone: $(head -n 1 err)"
done <pairs-many.tsv
cmp -s out alone || no "one run and one run per pair differ: $(diff out alone | head -n 4 | tr '\n' ' ')"
end

begin join-verify-shard-given-twice
# join and verify given a shard twice said nothing and ended 0, where group
# says it and ends 1: the three agree (the file is still written, its
# later articles skipped as duplicate ids)
"$bin" sign --quiet -o twice.nps fine.jsonl >out 2>err || no "sign failed: $(head -n 1 err)"
"$bin" join --quiet --part 0/1 -o twice2.npp twice.nps twice.nps >out 2>err
rc=$?
expect_status 1
expect_problem "join: the shard twice.nps is given twice: its articles are read once"
expect_problem "twice.nps: record 1: duplicate id"
[ -s twice2.npp ] || no "join wrote no pairs file"
"$bin" verify --quiet --part 0/1 -o twice2.npl twice.nps twice.nps twice2.npp >out 2>err
rc=$?
expect_status 1
expect_problem "verify: the shard twice.nps is given twice: its articles are read once"
[ -s twice2.npl ] || no "verify wrote no links file"
"$bin" group --quiet --format jsonl twice.nps twice.nps twice2.npl >out 2>err
rc=$?
expect_status 1
"$bin" group --quiet --format jsonl twice.nps >once.jsonl 2>err
cmp -s out once.jsonl || no "the answer over the shard given twice differs from the one over it once"
end

begin output-is-input
# -o naming an input (or a link to it) is refused before anything is read:
# the finished output would replace the input
cp fine.jsonl self.jsonl
ln -s self.jsonl self-link.jsonl
"$bin" sign --quiet -o self.nps fine.jsonl >out 2>err || no "sign failed: $(head -n 1 err)"
cp self.nps self.keep
for run in "clean -o self.jsonl self.jsonl" "cluster --quiet -o self.jsonl fine.jsonl self.jsonl" \
    "clean -o self-link.jsonl self.jsonl" "sign -o self.jsonl self.jsonl" "group -o self.nps self.nps" \
    "join --part 0/1 -o self.nps self.nps"; do
    # shellcheck disable=SC2086  # the command is split into words on purpose
    "$bin" $run >out 2>err
    rc=$?
    expect_status 2
    expect_problem "-o self" "written over"
    expect_no_stdout
    cmp -s self.jsonl fine.jsonl || no "'$run' wrote over its input"
    cmp -s self.nps self.keep || no "'$run' wrote over its shard"
done
[ -z "$(ls | grep '\.tmp\.' || true)" ] || no "temporary files left behind: $(ls | grep '\.tmp\.')"
end

begin gz-name-other-data
# what a file holds decides how it is read, not its name: a .gz file of
# plain text (a download its server or client already decompressed) is
# read as the text it is; one of another compression (bzip2, xz, zstd,
# zip) is refused once, naming it, as a file newsprint cannot read (it
# was read as text: a JSON problem per line, or "looks binary")
record gz-plain "$article_text" >plain.jsonl.gz
printf 'Harbour works delayed\n\nThe harbour authority said the pier would open in June.\n' >plain-text.txt.gz
clean --format jsonl plain.jsonl.gz plain-text.txt.gz
expect_status 0
expect_problems 0
expect_articles out gz-plain plain-text
printf 'BZh91AY&SY\001\002\003\n\004\005\n\006\n' >packed.jsonl.gz
printf '\3757zXZ\000\000\004\346\326\264F\n\002\n' >packed.txt.gz
printf '\050\265\057\375\044\000\001\n\002\n' >packed.jsonl.zst.gz
printf 'PK\003\004\024\000\000\000\n\001\n' >packed.html.gz
cp packed.jsonl.gz packed.warc.gz # a crawl's name: it said "damaged gzip data"
for f in packed.jsonl.gz:bzip2 packed.txt.gz:xz packed.jsonl.zst.gz:zstd packed.html.gz:zip packed.warc.gz:bzip2; do
    clean --format jsonl "${f%:*}"
    expect_status 1
    expect_problems 1
    expect_problem "${f%:*}: " "${f#*:}"
    expect_no_stdout
    # ... and piped in (bzip2 -c crawl.jsonl.bz2 | newsprint clean -): it
    # "looks binary"
    "$bin" clean --format jsonl - <"${f%:*}" >out 2>err
    rc=$?
    expect_status 1
    expect_problems 1
    expect_problem "standard input: " "${f#*:}"
    expect_no_stdout
done
end

begin jsonl-bom-each-file
# JSONL files joined with cat, each opened by a UTF-8 byte-order mark (as
# Windows tools write them): the mark that opens a later line is not part
# of it either (the line was refused, "invalid token near" an invisible
# character); CRLF line ends are read as LF ones
printf '\357\273\277{"id":"bom-1","text":"%s"}\r\n' "$article_text" >bom-a.jsonl
printf '\357\273\277{"id":"bom-2","text":"%s"}\r\n{"id":"bom-3","text":"%s"}\r\n' "$article_text" "$article_text" >bom-b.jsonl
cat bom-a.jsonl bom-b.jsonl >bom-joined.jsonl
clean --format jsonl bom-joined.jsonl
expect_status 0
expect_problems 0
expect_articles out bom-1 bom-2 bom-3
end

begin jsonl-cr-line-ends
# JSONL whose lines end in a carriage return alone (a classic Mac's line
# ends) is one line to a reader of lines: said so, with how to convert it
# (it said "end of file expected near '{'")
printf '{"id":"cr-1","text":"%s"}\r{"id":"cr-2","text":"%s"}\r' "$article_text" "$article_text" >cr-ends.jsonl
clean --format jsonl cr-ends.jsonl
expect_status 1
expect_problems 1
expect_problem "cr-ends.jsonl:1: " "carriage return alone" "tr '\\r' '\\n'"
expect_no_stdout
end

begin control-bytes-in-file-name-id
# an id from a file name follows the rule a JSONL id does: one holding a
# control character (a terminal's escape sequence) is refused, naming the
# file (it was taken, and the summary wrote the ESC to the terminal)
mkdir -p named-ids
printf '%s\n' "$article_text" >"named-ids/$(printf 'red\033[31mtext').txt"
printf '%s\n' "$article_text" >named-ids/plain-name.txt
clean --format jsonl named-ids
expect_status 1
expect_problems 1
expect_problem 'named-ids/red\x1b[31mtext.txt' "control characters"
expect_articles out plain-name
end

begin newline-in-file-name
# a file whose name holds a newline, met in a walk or named, is skipped
# saying what to do (rename it), the name shown escaped; it said only
# 'id "a\x0ab" contains control characters'; a name of only spaces so
mkdir -p newline-names
printf '%s\n' "$article_text" >"newline-names/$(printf 'two\nlines').txt"
printf '%s\n' "$article_text" >"newline-names/   .txt"
printf '%s\n' "$article_text" >newline-names/plain-name.txt
clean --format jsonl newline-names "newline-names/$(printf 'two\nlines').txt"
expect_status 1
expect_problems 3
expect_problem 'newline-names/two\x0alines.txt: its file name holds a newline (shown as \x0a)' "control characters" \
    "rename the file to read it, skipped"
expect_problem 'newline-names/   .txt: its file name is only spaces' "rename the file to read it, skipped"
expect_articles out plain-name
end

begin stdin-named
# standard input is named so in every message, not "-" ("-: empty file")
: >empty.txt
# similar's database: an add of nothing makes none
"$bin" add --quiet --db stdin.db fine.jsonl >out 2>err || no "add failed: $(head -n 1 err)"
for run in "clean -" "cluster -" "sign -o stdin.nps -" "add --db stdin.db -" \
           "compare - fine.jsonl" "similar --db stdin.db --file -"; do
    # shellcheck disable=SC2086  # the command is split into words on purpose
    "$bin" $run <empty.txt >out 2>err
    grep -q "standard input: empty file" err || no "'$run' of nothing: $(head -n 2 err | tr '\n' ' ')"
done
{ record fine-1 "$article_text"; echo 'not json'; printf '{"id":"dated","date":"someday","text":"%s"}\n' \
    "$article_text"; printf '{"id":"titled","title":7,"text":"%s"}\n' "$article_text"; } >lines.jsonl
printf 'binary\000text\n' >binary.txt
printf 'label\tonly two\n' >pairs.txt
for run in "clean -:lines.jsonl" "clean -:binary.txt" "compare --pairs -:pairs.txt"; do
    # shellcheck disable=SC2086  # the command is split into words on purpose
    "$bin" ${run%:*} <${run#*:} >out 2>err
    grep -q "standard input" err || no "'${run%:*} < ${run#*:}' did not name standard input: $(head -n 2 err | tr '\n' ' ')"
    ! grep -q -e '-:' -e ' - ' err || no "'${run%:*} < ${run#*:}' named standard input '-': $(grep -e '-:' -e ' - ' err | head -n 2 | tr '\n' ' ')"
done
"$bin" clean - <lines.jsonl >out 2>err
expect_problem "standard input:2: invalid JSON"
expect_problem "standard input:3: article \"dated\": date \"someday\" not read"
expect_problem "standard input:4: article \"titled\": \"title\" (a number) not read"
end

begin stdin-twice
# standard input can be read once: - given twice is a usage error
for command in clean cluster; do
    record once "$article_text" | "$bin" $command - - >out 2>err
    rc=$?
    expect_status 2
    expect_problem "standard input" "twice"
    expect_no_stdout
done
end

begin escape-bytes-in-problems
# a problem line quotes its input (the JSON parser's "near '...'"): a
# control byte there (an ESC of a terminal sequence) is written as \x1b
printf '\033]0;title\007\n' >escape.jsonl
record fine-2 "$article_text" >>escape.jsonl
clean --format jsonl escape.jsonl
expect_status 1
expect_problems 1
expect_problem escape.jsonl:1: '\x1b'
! tr -d '\n' <err | grep -q "$(printf '[\001-\037]')" || no "stderr holds control bytes: $(od -c err | head -n 3)"
expect_articles out fine-2
end

begin compare-pairs
# compare --pairs: a directory is an error, not an empty answer (a usage
# error, exit status 2, as compare A DIR is: it was a read error, 1); ids
# that are not UTF-8 are repaired in the JSON; a line with a NUL is skipped
mkdir -p pairs-dir
"$bin" compare --pairs pairs-dir >out 2>err
rc=$?
expect_status 2
expect_problem pairs-dir "is a directory"
printf '1\tcaf\351\tb\tThe harbour pier opens in June.\tThe harbour pier opens in July.\n' >pairs.tsv
printf '1\ta\tb\ttext \0 cut\tother\n' >>pairs.tsv
"$bin" compare --pairs pairs.tsv >out 2>err
rc=$?
expect_status 1
expect_problems 1
expect_problem pairs.tsv:2: "NUL"
expect_utf8 out
[ "$(wc -l <out)" -eq 1 ] || no "wanted one comparison line: $(cat out)"
if [ $have_python -eq 1 ]; then
    python3 -c 'import json, sys; json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))' out 2>/dev/null ||
        no "the comparison is not JSON: $(cat out)"
fi
end

begin gzip-inputs
# a gzip-compressed JSONL or text file reads as its plain form (by name or
# by its first bytes, on standard input too); one cut short keeps what
# came before and says so
{ record gz-1 "$article_text"; record gz-2 "$article_text second"; } >plain.jsonl
gzip -c plain.jsonl >packed.jsonl.gz
gzip -c plain.jsonl >misnamed.jsonl
printf 'Pier news\n\nThe harbour authority said the new pier would open in June, two months late.\n' >pier.txt
gzip -c pier.txt >pier.txt.gz
clean --format jsonl plain.jsonl
cp out plain.out
clean --format jsonl packed.jsonl.gz
expect_status 0
expect_problems 0
cmp -s out plain.out || no "packed.jsonl.gz did not read as plain.jsonl: $(head -c 200 out)"
clean --format jsonl misnamed.jsonl
cmp -s out plain.out || no "gzip data named .jsonl did not read as plain.jsonl: $(head -c 200 out)"
clean --format jsonl pier.txt.gz
expect_status 0
expect_articles out pier
mkdir -p gz-dir
cp packed.jsonl.gz pier.txt.gz gz-dir/
clean --format jsonl gz-dir
expect_status 0
expect_articles out gz-1 gz-2 pier
{ for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
      record "cut-$i" "$article_text $(head -c 3000 /dev/urandom | od -An -tx1 | tr -d ' \n')"; done; } |
    gzip -c >whole.jsonl.gz
head -c 30000 whole.jsonl.gz >cut.jsonl.gz
clean --format jsonl cut.jsonl.gz
expect_status 1
expect_problems 1
expect_problem cut.jsonl.gz gzip "cut short"
expect_whole_lines out
[ -s out ] || no "nothing kept of what came before the cut"
# cut inside its first line: said so, not 'after line 0'
head -c 500 whole.jsonl.gz >cut-first.jsonl.gz
clean --format jsonl cut-first.jsonl.gz
expect_status 1
expect_problem "cut-first.jsonl.gz: gzip data damaged or cut short in its first line (unexpected end of file), the rest skipped"
"$bin" clean --format jsonl - <packed.jsonl.gz >out 2>err
rc=$?
expect_status 0
cmp -s out plain.out || no "gzip data on standard input did not read as plain.jsonl: $(head -c 200 out)"
gzip -c pier.txt.gz >twice.txt.gz
clean --format jsonl twice.txt.gz
expect_status 1
expect_problem twice.txt.gz gzip-compressed
end

begin blank-ids
# an id that is only spaces (ASCII or Unicode) is refused like an empty one
{ record ' ' "$article_text"; record '   ' "$article_text"; printf '{"id":"\\u00a0\\u3000","text":"x y z"}\n'
  record ok "$article_text"; record ' ok ' "$article_text"; } >blank.jsonl
clean --format jsonl blank.jsonl
expect_status 1
expect_problems 3
expect_problem blank.jsonl:1: "only spaces"
expect_problem blank.jsonl:3: "only spaces"
expect_articles out ok ' ok '
"$bin" cluster --format jsonl blank.jsonl >out 2>err
rc=$?
expect_status 1
[ "$(grep -c 'only spaces' err)" -eq 3 ] || no "cluster did not refuse the same ids: $(head -n 3 err)"
end

begin deep-html
# text below the tree's depth cap (here under 1,500 unclosed <font>s) is
# kept as the paragraph it is; 100,000 levels end in time, no crash
{ printf '<html><head><title>Deep page</title></head><body><p>The council met on Monday to approve the new bridge across the river, a long awaited project.</p>'
  i=0; while [ $i -lt 1500 ]; do printf '<font>'; i=$((i + 1)); done
  printf '<p>The harbour reopened on Friday after the strike ended, officials said in a statement to reporters at the gate.</p></body></html>'; } >deep.html
clean --format jsonl deep.html
expect_status 0
grep -q 'The harbour reopened on Friday' out || no "the deepest paragraph was dropped"
if [ $have_python -eq 1 ]; then
    python3 -c 'import sys; sys.stdout.write("<div><span>" * 100000 + "<p>bottom of the page, a sentence long enough to be kept as text</p>")' >deeper.html
    clean --format jsonl deeper.html
    [ "$rc" -le 1 ] || no "exit status $rc on 100,000 levels"
fi
end

begin empty-input-name
# an input given as '' (an unset shell variable) is a usage error naming
# it; it said 'newsprint: : cannot open: No such file or directory'
printf 'A short text about the harbour reopening on Friday.\n' >named.txt
clean --format jsonl named.txt ''
expect_status 2
expect_problems 1
expect_problem "clean: input 2 is an empty name"
expect_no_stdout
for command in cluster add compare sign; do
    case $command in add) set -- --db new.db ;; sign) set -- -o new.nps ;; *) set -- ;; esac
    "$bin" $command "$@" named.txt '' >out 2>err
    rc=$?
    [ $rc -eq 2 ] && grep -q "$command: input 2 is an empty name" err ||
        no "$command: exit status $rc: $(head -n 2 err | tr '\n' ' ')"
done
[ ! -e new.db ] && [ ! -e new.nps ] || no "a usage error made a file"
end

begin sign-count-inputs
# sign --count checks its inputs as sign does: '' and - twice are usage
# errors, and an input it cannot read is said, counted as the record
# --records numbers it, with exit status 1.  It printed 1 (or 2), status
# 0, saying nothing, for each of them
printf 'A short text about the harbour reopening on Friday.\n' >counted.txt
"$bin" sign --count counted.txt '' >out 2>err
rc=$?
expect_status 2
expect_problem "sign: input 2 is an empty name"
expect_no_stdout
printf 'A short text about the ferry.\n' | "$bin" sign --count - - >out 2>err
rc=$?
expect_status 2
expect_problem "standard input" "twice"
expect_no_stdout
"$bin" sign --count counted.txt no-such-file.txt >out 2>err
rc=$?
expect_status 1
expect_problems 1
expect_problem "no-such-file.txt: cannot open"
[ "$(cat out)" = 2 ] || no "sign --count printed '$(cat out)', wanted 2 (the unread input numbered as --records numbers it)"
"$bin" sign --count counted.txt >out 2>err
rc=$?
expect_status 0
expect_problems 0
[ "$(cat out)" = 1 ] || no "sign --count printed '$(cat out)', wanted 1"
end

begin sign-shard-not-made
# a shard that cannot be made is said, naming it, and nothing else: the
# inputs were never read, and sign said 'no article found in INPUT' of an
# input full of them, then '0 articles into ..., 0 skipped'
printf 'A short text about the harbour reopening on Friday.\n' >signed.txt
"$bin" sign -o no-such-dir/s.nps signed.txt >out 2>err
rc=$?
expect_status 1
expect_problems 1
expect_problem "no-such-dir/s.nps: cannot create: its directory no-such-dir"
! grep -q "no article found\|0 articles into" err || no "sign said what it never read: $(tr '\n' ' ' <err)"
expect_no_stdout
# ... and so do join and verify, of the shards they never read (verify
# said '0 pairs, 0 links; nothing written')
"$bin" sign -o signed.nps signed.txt >out 2>err
for stage in join verify; do
    "$bin" $stage --part 0/1 -o no-such-dir/p signed.nps >out 2>err
    rc=$?
    expect_status 1
    expect_problems 1
    expect_problem "no-such-dir/p: cannot create: its directory no-such-dir"
done
end

begin shard-short-file
# a file shorter than a shard's header that is none (a note, an empty
# file) is said to be no shard, not "truncated: no shard header"
printf 'hello\n' >short.nps
: >empty.nps
for f in short.nps empty.nps; do
    "$bin" join --part 0/1 -o short.npp $f >out 2>err
    rc=$?
    expect_status 1
    expect_problem "$f: " "not a newsprint shard"
done
[ ! -e short.npp ] || no "join wrote short.npp"
end

begin shard-params-values
# a shard's parameters are compared by value, not as text: a shard whose
# text lays them out otherwise (an older newsprint's columns, one without
# the comments) is read when the values are the same; another value, or a
# parameter this newsprint does not know, is refused naming it
if [ $have_python -eq 1 ]; then
    printf 'A short text about the harbour reopening on Friday.\n' >valued.txt
    "$bin" sign --quiet -o valued.nps valued.txt >out 2>err || no "sign failed: $(head -n 1 err)"
    # set_params SHARD OUT COMMAND: OUT is SHARD with its parameter text
    # passed through the shell COMMAND
    set_params() {
        python3 - "$1" "$2" "$3" <<'PY'
import struct, subprocess, sys
d = open(sys.argv[1], "rb").read()
at = 12
n = struct.unpack("<I", d[at:at + 4])[0]
at += 4 + n
n = struct.unpack("<I", d[at:at + 4])[0]
text = d[at + 4:at + 4 + n]
new = subprocess.run(["sh", "-c", sys.argv[3]], input=text, capture_output=True, check=True).stdout
open(sys.argv[2], "wb").write(d[:at] + struct.pack("<I", len(new)) + new + d[at + 4 + n:])
PY
    }
    # the defaults as newsprint wrote them before its columns were even
    cat >older.txt <<'TXT'
near_jaccard        = 0.600  # MinHash Jaccard of 5-word shingles for a near copy
near_length_ratio   = 0.750  # shorter/longer word count for near; below it, excerpt
short_words         = 50     # shorter text under this many words: near by 2-word shingles' Jaccard
excerpt_containment = 0.600  # shared sentences / sentences of the shorter text
rewrite_alignment   = 0.800  # aligned sentences / sentences of the shorter text
rewrite_overlap     = 0.500  # share of a sentence's stems found in its partner
rewrite_window      = 30     # days between a rewrite and its source
story_threshold     = 0.250  # similarity for an article to join a story
merge_threshold     = 0.250  # average member similarity for two stories to merge
story_window        = 7     # days a story stays open to new articles
move_window         = 3     # days between stories that merge, or an article and a story it moves to
story_span          = 30    # days from a story's first article to its last at most (0: no limit)
storyline_threshold = 0.200  # name-and-number cosine of a story to a linked story and to its storyline
storyline_window    = 30    # days between stories of one storyline
name_share          = 0.500  # share of names and numbers in story similarity
max_bucket          = 200   # index buckets larger than this are too common to pair
TXT
    set_params valued.nps older.nps 'cat older.txt'
    set_params valued.nps bare.nps "sed 's/ *#.*//; s/  *= */ = /'"
    set_params valued.nps other.nps "sed 's/^\\(story_threshold *= \\)0\\.250/\\10.300/'"
    set_params valued.nps unknown.nps "cat; echo 'future_knob         = 4      # a parameter of a newer newsprint'"
    cmp -s valued.nps bare.nps && no "the parameter text was not rewritten"
    for shard in valued older bare; do
        "$bin" group --quiet --format jsonl $shard.nps >out 2>err
        rc=$?
        expect_status 0
        grep -q '"id"' out || no "group of $shard.nps wrote no article: $(head -n 2 err | tr '\n' ' ')"
    done
    "$bin" group --quiet --format jsonl other.nps >out 2>err
    rc=$?
    expect_status 1
    grep -q "other.nps: made with other parameters (story_threshold = 0.300, not 0.250)" err ||
        no "other.nps: $(head -n 2 err | tr '\n' ' ')"
    expect_no_stdout
    "$bin" group --quiet --format jsonl unknown.nps >out 2>err
    rc=$?
    expect_status 1
    grep -q "unknown.nps: .*future_knob = 4" err || no "unknown.nps: $(head -n 2 err | tr '\n' ' ')"
    expect_no_stdout
else
    echo "SKIP shard-params-values: no python3"
fi
end

begin explain-params-output
# --explain-params writes to -o as an answer is (it printed to standard
# output and made no file, -o given before or after it)
"$bin" cluster --explain-params >params.want 2>err
for args in "cluster --explain-params -o params.got" "cluster -o params.got --explain-params" \
            "group --explain-params --output=params.got"; do
    rm -f params.got
    $bin $args >out 2>err
    rc=$?
    expect_status 0
    expect_no_stdout
    cmp -s params.got params.want || no "'$args' wrote $(wc -c <params.got 2>/dev/null || echo no) bytes to params.got"
done
"$bin" cluster --explain-params -o no-such-dir/params.txt >out 2>err
rc=$?
expect_status 1
expect_problem "no-such-dir/params.txt: cannot create"
end

begin output-over-file-size-limit
# a file size limit (ulimit -f) reached while -o or standard output is
# written: the write fails and is said, the earlier output is intact and no
# temporary file is left (SIGXFSZ killed the process unsaid, leaving
# out.jsonl.tmp.PID beside the output)
mkdir -p fsize
i=0
while [ $i -lt 400 ]; do record "limit-$i" "$article_text $i"; i=$((i + 1)); done >fsize/in.jsonl
echo earlier >fsize/out.jsonl
(ulimit -f 16; "$bin" clean --format jsonl -o fsize/out.jsonl fsize/in.jsonl) >out 2>err
rc=$?
expect_status 1
expect_problem "fsize/out.jsonl: write failed: File too large"
[ "$(cat fsize/out.jsonl)" = earlier ] || no "the earlier fsize/out.jsonl was not kept: $(head -c 80 fsize/out.jsonl)"
[ "$(ls fsize | tr '\n' ' ')" = "in.jsonl out.jsonl " ] || no "left in fsize/: $(ls fsize | tr '\n' ' ')"
(ulimit -f 16; "$bin" clean --format jsonl fsize/in.jsonl >fsize/stdout.jsonl) 2>err
rc=$?
expect_status 1
expect_problem "standard output: write failed: File too large"
end

begin output-not-replaceable
# -o naming a file whose directory takes no new file (/proc), where the
# output is made before it is renamed into place: named with the reason
# (it said '/proc/version: cannot create: No such file or directory')
if [ -f /proc/version ]; then
    "$bin" clean --quiet -o /proc/version fine.jsonl >out 2>err
    rc=$?
    expect_status 1
    expect_problem "/proc/version: cannot write" "in a new file beside it" "/proc takes no new file"
    "$bin" clean --quiet -o no-such-dir/out.jsonl fine.jsonl >out 2>err
    rc=$?
    expect_status 1
    expect_problem "no-such-dir/out.jsonl: cannot create: its directory no-such-dir does not exist (make it first: mkdir -p 'no-such-dir')"
else
    echo "SKIP output-not-replaceable: no /proc"
fi
end

exit $failed
