// The npm `minhash` package as a near-duplicate finder, a peer of
// `newsprint cluster --copies-only`: each JSONL article's text is lower-cased
// and split into words; its word 5-shingles update a Minhash (the package's
// default 128 permutations); every signature goes into an LshIndex (the
// package's default band size, 4) and is queried there.  Prints the number
// of candidate pairs found, so the work cannot be skipped.
//   node bench/peer_minhash/minhash_peer.js FILE.jsonl
'use strict';
const fs = require('fs');
const readline = require('readline');
const { Minhash, LshIndex } = require('minhash');

async function main() {
  const file = process.argv[2];
  const index = new LshIndex();
  const sigs = [];
  const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const a = JSON.parse(line);
    const words = String(a.text || '').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    const m = new Minhash();
    if (words.length < 5) m.update(words.join(' '));
    for (let i = 0; i + 5 <= words.length; i++) m.update(words.slice(i, i + 5).join(' '));
    const id = String(a.id);
    index.insert(id, m);
    sigs.push([id, m]);
  }
  let pairs = 0;
  for (const [id, m] of sigs) pairs += index.query(m).filter((other) => other !== id).length;
  console.log(`${sigs.length} articles, ${pairs / 2} candidate pairs`);
}

main();
