#!/usr/bin/env node
// Peer: @mozilla/readability on every PAGES/*.html with a DOM from jsdom or
// linkedom, writing OUTDIR/<name>.txt (the article's textContent, one block
// per paragraph where the DOM gives them).
// Usage: node readability.js jsdom|linkedom PAGES OUTDIR
'use strict';
const fs = require('fs');
const path = require('path');
const { Readability } = require('@mozilla/readability');

const [dom, pages, out] = process.argv.slice(2);
let parse;
if (dom === 'jsdom') {
  const { JSDOM, VirtualConsole } = require('jsdom');
  const vc = new VirtualConsole(); // drop CSS/script parse noise
  parse = (html) => new JSDOM(html, { virtualConsole: vc }).window.document;
} else if (dom === 'linkedom') {
  const { parseHTML } = require('linkedom');
  parse = (html) => parseHTML(html).document;
} else {
  console.error('usage: node readability.js jsdom|linkedom PAGES OUTDIR');
  process.exit(2);
}

const BLOCK = /^(P|DIV|LI|H[1-6]|BLOCKQUOTE|PRE|TD|TH|TR|DD|DT|SECTION|ARTICLE|FIGCAPTION|UL|OL|TABLE|BR)$/;
function text(node, parts) {
  for (const c of node.childNodes) {
    if (c.nodeType === 3) parts.push(c.nodeValue);
    else if (c.nodeType === 1) {
      const block = BLOCK.test(c.nodeName.toUpperCase());
      if (block) parts.push('\n\n');
      text(c, parts);
      if (block) parts.push('\n\n');
    }
  }
}

fs.mkdirSync(out, { recursive: true });
for (const name of fs.readdirSync(pages).sort()) {
  if (!name.endsWith('.html')) continue;
  const html = fs.readFileSync(path.join(pages, name), 'utf8');
  let body = '';
  try {
    const doc = parse(html);
    const art = new Readability(doc).parse();
    if (art && art.content) {
      const holder = parse('<!DOCTYPE html><html><body><div id="r">' + art.content + '</div></body></html>');
      const parts = [];
      text(holder.body || holder.documentElement, parts);
      body = parts.join('').split('\n\n').map((p) => p.replace(/\s+/g, ' ').trim())
        .filter((p) => p).join('\n\n');
    }
  } catch (e) {
    console.error(`readability.js (${dom}): ${name}: ${e.message}`);
  }
  fs.writeFileSync(path.join(out, name.slice(0, -5) + '.txt'), body);
}
