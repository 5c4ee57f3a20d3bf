/* sjelden.no search worker.
 *
 * Replaces Material for MkDocs' lunr worker behind Material's own search UI, speaking Material's
 * worker protocol (9.x): the page posts {type: 0 SETUP, data: {config, docs, options}}, we answer
 * {type: 1 READY}; then for every {type: 2 QUERY, data: "text"} exactly one
 * {type: 3 RESULT, data: {items: [[item]], total}}, where item is
 * {location, title, text, score, terms} and title/text are HTML.
 *
 * The index is built at build time by build_tools/derived/search/index.py. Nothing is fetched until the
 * first non-empty query: then the core (names, synonyms, genes, ORPHA codes), on code-like queries
 * the code table (ICD-10, ICD-11, OMIM), and for full text only the shards the query's words fall in.
 * normalize() and stem() must stay identical to their Python twins (tests compare them).
 */
"use strict";

const MANIFEST = /*@MANIFEST@*/null;
const BASE = typeof self !== "undefined" && self.location ? new URL("search/", self.location.href) : null;
const KINDS = ["diagnose", "orpha", "gruppe", "side"];
const KIND_BONUS = [150, 0, 20, -40];
const MAX_RESULTS = 50;

/* ---------------------------------------------------------------------------------------------
 * Normalisation and stemming (twins of build_tools/derived/search/index.py)
 * ------------------------------------------------------------------------------------------ */

const FOLD = { "æ": "ae", "ø": "o", "å": "aa", "ß": "ss", "œ": "oe", "đ": "d", "ł": "l", "þ": "th" };

function normalize(text) {
  return text.toLowerCase()
    .replace(/[æøåßœđłþ]/g, c => FOLD[c])
    .normalize("NFKD")
    .replace(/\p{M}/gu, "");
}

function tokenize(text) {
  return normalize(text).match(/[a-z0-9]+/g) || [];
}

const VOWELS = "aeiouy";
const S_ENDING = "bcdfghjlmnoprtvyz";
const MAIN_SUFFIXES = ("a e ede ande ende ane ene hetene en heten ar er heter as es edes endes enes " +
  "hetenes ens hetens ers ets et het ast s erte ert").split(" ")
  .sort((a, b) => b.length - a.length);
const OTHER_SUFFIXES = "leg eleg ig eig lig elig els lov elov slov hetslov".split(" ")
  .sort((a, b) => b.length - a.length);

function r1(word) {
  for (let i = 1; i < word.length; i++)
    if (!VOWELS.includes(word[i]) && VOWELS.includes(word[i - 1]))
      return Math.max(i + 1, 3);
  return word.length;
}

function stem(word) {
  if (word.length < 4 || !/^[a-z]+$/.test(word)) return word;
  const p1 = r1(word);
  for (const suffix of MAIN_SUFFIXES) {
    if (word.endsWith(suffix) && word.length - suffix.length >= p1) {
      if (suffix === "s") {
        const before = word[word.length - 2];
        if (S_ENDING.includes(before) ||
            (before === "k" && word.length >= 3 && !VOWELS.includes(word[word.length - 3])))
          word = word.slice(0, -1);
      } else if (suffix === "erte" || suffix === "ert") {
        word = word.slice(0, word.length - suffix.length) + "er";
      } else {
        word = word.slice(0, word.length - suffix.length);
      }
      break;
    }
  }
  if (word.length - 2 >= p1 && (word.endsWith("dt") || word.endsWith("vt")))
    word = word.slice(0, -1);
  for (const suffix of OTHER_SUFFIXES) {
    if (word.endsWith(suffix) && word.length - suffix.length >= p1) {
      word = word.slice(0, word.length - suffix.length);
      break;
    }
  }
  return word;
}

/* Damerau-Levenshtein distance (optimal string alignment), or k + 1 once it exceeds k */
function distance(a, b, k) {
  const n = a.length, m = b.length;
  if (Math.abs(n - m) > k) return k + 1;
  let prev2 = null, prev = new Array(m + 1), cur = new Array(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > k) return k + 1;
    const t = prev2 || new Array(m + 1);
    prev2 = prev; prev = cur; cur = t;
  }
  return prev[m];
}

/* ---------------------------------------------------------------------------------------------
 * Loading
 * ------------------------------------------------------------------------------------------ */

let core = null;        /* Promise of the loaded core */
let codes = null;       /* Promise of the code table */
const shards = new Map(); /* file -> Promise of a loaded text shard */

function fetchJSON(file) {
  return fetch(new URL(file, BASE)).then(res => {
    if (!res.ok) throw new Error(`${file}: HTTP ${res.status}`);
    return res.json();
  });
}

function decodeDelta(text) {
  if (!text) return new Int32Array(0);
  const parts = text.split(" ");
  const out = new Int32Array(parts.length);
  let prev = -1;
  for (let i = 0; i < parts.length; i++) out[i] = prev = prev + 1 + parseInt(parts[i], 36);
  return out;
}

/* Term ids written by search_index._varint; "~" marks a compound part (stored as -1 - id) */
const VARINT = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$";
function decodeIds(text) {
  const out = [];
  let v = 0, neg = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "~") { neg = true; continue; }
    const x = VARINT.indexOf(ch);
    if (x >= 32) { v = v * 32 + (x - 32); continue; }
    v = v * 32 + x;
    out.push(neg ? -1 - v : v);
    v = 0; neg = false;
  }
  return out;
}

/* Sorted view of a vocabulary for binary search: ids ordered by term */
function sortedIds(terms) {
  const ids = new Int32Array(terms.length);
  for (let i = 0; i < ids.length; i++) ids[i] = i;
  ids.sort((a, b) => (terms[a] < terms[b] ? -1 : terms[a] > terms[b] ? 1 : 0));
  return ids;
}

/* First position in sorted ids whose term is >= key */
function lowerBound(terms, sorted, key) {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (terms[sorted[mid]] < key) lo = mid + 1; else hi = mid;
  }
  return lo;
}

function loadCore() {
  if (!core) {
    /* A browser may hold a worker from before the last deploy, whose core file is gone: then the
       current file names come from manifest.json, revalidated with the server. */
    core = fetchJSON(MANIFEST.core).catch(() =>
      fetch(new URL("manifest.json", BASE), { cache: "no-cache" })
        .then(res => (res.ok ? res.json() : Promise.reject(new Error(`manifest.json: HTTP ${res.status}`))))
        .then(current => fetchJSON(current.core))
    ).then(data => {
      const terms = data.terms.split("\n");
      const n = terms.length;
      const cut = new Uint8Array(n);
      for (let i = 0; i < n; i++) cut[i] = data.cut.charCodeAt(i) - 48;
      const stop = new Uint8Array(n);
      for (const id of data.stop) stop[id] = 1;
      const nd = data.title.length;
      /* term ids: the title's words by lookup, the rest decoded from the prebuilt lines */
      const byTerm = new Map();
      for (let i = 0; i < n; i++) byTerm.set(terms[i], i);
      const names = new Array(nd), genes = new Array(nd), other = new Array(nd);
      const lines = data.names.split("\n");
      for (let d = 0; d < nd; d++) {
        const [nm, gs, os] = lines[d].split(";");
        const fields = nm.split(",");
        const title = tokenize(data.title[d]).map(t => byTerm.get(t)).filter(x => x !== undefined);
        fields[0] = title.concat(decodeIds(fields[0]));
        for (let k = 1; k < fields.length; k++) fields[k] = decodeIds(fields[k]);
        names[d] = fields;
        genes[d] = gs ? decodeIds(gs) : [];  /* genes that cause the disease */
        other[d] = os ? decodeIds(os) : [];  /* modifiers, risk factors...: found, ranked lower, not shown as «Gen» */
      }
      /* postings: term -> docs whose names or genes have it */
      const count = new Int32Array(n + 1);
      const seen = new Int32Array(n).fill(-1);
      const each = (d, fn) => {
        for (const name of names[d]) for (const x of name) fn(x < 0 ? -1 - x : x);
        for (const g of genes[d]) fn(g);
        for (const g of other[d]) fn(g);
      };
      for (let d = 0; d < nd; d++) each(d, t => { if (seen[t] !== d) { seen[t] = d; count[t + 1]++; } });
      for (let i = 0; i < n; i++) count[i + 1] += count[i];
      const post = new Int32Array(count[n]);
      const fill = count.slice(0, n);
      seen.fill(-1);
      for (let d = 0; d < nd; d++) each(d, t => { if (seen[t] !== d) { seen[t] = d; post[fill[t]++] = d; } });
      const orpha = new Map();
      const docs = new Array(nd);
      const codesOf = data.orpha.split(" ");
      for (let d = 0; d < nd; d++) {
        const list = codesOf[d] ? codesOf[d].split(",").map(x => parseInt(x, 36)) : [];
        for (const code of list) {
          if (!orpha.has(code)) orpha.set(code, []);
          orpha.get(code).push(d);
        }
        const url = data.url[d] || `orpha/${list[0]}/`;
        docs[d] = [data.kind.charCodeAt(d) - 48, url, data.title[d], ...list];
      }
      let total = 0;
      const tl = new Float32Array(nd);
      for (let d = 0; d < nd; d++) {
        tl[d] = Math.pow(2, (data.tl.charCodeAt(d) - 48) / 4) - 1;
        total += tl[d];
      }
      const shardStarts = data.text.map(s => s[0]);
      return {
        terms, cut, stop, sorted: sortedIds(terms), post, start: count,
        docs, names, genes, other, snip: data.snip, alias: data.alias, caps: new Set(data.caps),
        orpha, tl, avgTl: Math.max(1, total / Math.max(1, nd)), nd,
        codesFile: data.codes, shardFiles: data.text.map(s => s[1]), shardStarts,
        nb: data.nb || {}  /* Norwegian lexicon (norsk.js) */
      };
    });
    core.catch(() => { core = null; });
  }
  return core;
}

function loadCodes(c) {
  if (!codes) {
    codes = fetchJSON(c.codesFile).then(data => {
      const table = {};
      for (const system of Object.keys(data)) {
        const map = new Map();
        for (const [code, list] of Object.entries(data[system]))
          map.set(code.replace(/[^0-9A-Z]/g, ""), {
            code, hits: list.split(" ").map(x => [parseInt(x.slice(0, -1), 36), x.slice(-1)])
          });
        table[system] = { map, keys: [...map.keys()].sort() };
      }
      return table;
    });
    codes.catch(() => { codes = null; });
  }
  return codes;
}

function loadShard(c, i) {
  const file = c.shardFiles[i];
  if (!shards.has(file)) {
    const entry = { data: null, promise: null };
    entry.promise = fetchJSON(file).then(data => {
      const terms = data.t;
      const cut = new Uint8Array(terms.length);
      for (let j = 0; j < terms.length; j++) cut[j] = data.s.charCodeAt(j) - 48;
      const sorted = new Int32Array(terms.length);
      for (let j = 0; j < terms.length; j++) sorted[j] = j;  /* shards are sorted already */
      entry.data = { terms, cut, sorted, post: data.p, decoded: new Map() };
      return entry.data;
    });
    entry.promise.catch(() => shards.delete(file));
    shards.set(file, entry);
  }
  return shards.get(file);
}

/* Shards whose term range meets [lo, hi] */
function shardsFor(c, lo, hi) {
  const out = [];
  const starts = c.shardStarts;
  for (let i = 0; i < starts.length; i++) {
    const next = i + 1 < starts.length ? starts[i + 1] : "\uffff";
    if (starts[i] <= hi && next > lo) out.push(i);
  }
  return out;
}

/* ---------------------------------------------------------------------------------------------
 * Query parsing
 * ------------------------------------------------------------------------------------------ */

const RE_ORPHA = /\borpha(?:net|code)?[\s:_#-]*(\d{1,7})\b/gi;
const RE_OMIM = /\b(?:omim|mim)[\s:#]*(\d{6})\b/gi;
const RE_ICD10_DOT = /\b(?:icd-?10[\s:]*)?([a-z]\d\d\.\d{1,2})[+*]?(?=\s|$)/gi;
const RE_ICD_PREFIXED = /\bicd-?(10|11)[\s:]*([0-9a-z]{3,4}(?:\.[0-9a-z]{0,2})?)/gi;

function parse(raw) {
  const q = { orpha: [], omim: [], icd10: [], icd10prefix: null, icd11: [], words: [], raw };
  let text = raw.replace(RE_ORPHA, (_, n) => { q.orpha.push(+n); return " "; });
  text = text.replace(RE_OMIM, (_, n) => { q.omim.push(n); return " "; });
  text = text.replace(RE_ICD_PREFIXED, (_, sys, code) => {
    (sys === "10" ? q.icd10 : q.icd11).push(code.toUpperCase().replace(/[^0-9A-Z]/g, ""));
    return " ";
  });
  text = text.replace(RE_ICD10_DOT, (_, code) => { q.icd10.push(code.toUpperCase().replace(".", "")); return " "; });
  const squashed = text.toUpperCase().replace(/[^0-9A-Z]/g, "");
  const whole = text.trim();
  if (whole && !/\s/.test(whole)) {
    /* one code-like token: ICD-10 (also as a prefix while typing), ICD-11, OMIM, bare ORPHA */
    if (/^[A-Z]\d{1,2}(\d{1,2})?$/.test(squashed) && /^[a-z]\d/i.test(whole)) q.icd10prefix = squashed;
    if (/^\d{1,7}$/.test(squashed)) { q.orpha.push(+squashed); if (squashed.length === 6) q.omim.push(squashed); }
    if (/^[0-9A-Z]{4,7}$/.test(squashed) && /\d/.test(squashed) && /[A-Z]/.test(squashed)) q.icd11.push(squashed);
  }
  const plain = text.replace(/(\p{L})['’´`]s(?![\p{L}\p{N}])/gu, "$1s");  /* Wilson's -> wilsons */
  const tokens = tokenize(plain);
  const typed = plain.toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];  /* as written, for «Viser treff uten» */
  const prefixLast = !/\s$/.test(raw);
  tokens.forEach((t, i) => q.words.push({ t, last: prefixLast && i === tokens.length - 1, shown: typed.length === tokens.length ? typed[i] : t }));
  q.needsCodes = !!(q.omim.length || q.icd10.length || q.icd10prefix || q.icd11.length);
  return q;
}

/* ---------------------------------------------------------------------------------------------
 * Matching words against a vocabulary
 * ------------------------------------------------------------------------------------------ */

/* Candidate terms for a word: Map id -> quality (1 exact, .95 same stem, prefix, typo) */
function candidates(v, w, allowFuzzy, maxPrefix) {
  const { terms, sorted, cut } = v;
  const out = new Map();
  const t = w.t;
  let pos = lowerBound(terms, sorted, t);
  if (pos < sorted.length && terms[sorted[pos]] === t) out.set(sorted[pos], 1);
  const s = stem(t);
  if (s.length >= 3) {
    for (let p = lowerBound(terms, sorted, s); p < sorted.length; p++) {
      const id = sorted[p], term = terms[id];
      if (!term.startsWith(s)) break;
      if (term.length - cut[id] === s.length && !out.has(id)) out.set(id, 0.95);
    }
  }
  /* prefix: the word being typed, or a longer word abbreviated */
  const prefixOk = w.last || t.length >= 5;
  if (prefixOk) {
    let taken = 0;
    for (let p = pos; p < sorted.length && taken < maxPrefix; p++) {
      const id = sorted[p], term = terms[id];
      if (!term.startsWith(t)) break;
      if (!out.has(id)) {
        out.set(id, (w.last ? 0.6 : 0.5) + 0.3 * t.length / term.length);
        taken++;
      }
    }
  }
  /* typos: when nothing else matched, or the only match is a rare word (Orphanet itself has
     "syndome" once, which must not hide "syndrome") */
  const rare = out.size === 1 && v.start && out.has(sorted[pos]) &&
    v.start[sorted[pos] + 1] - v.start[sorted[pos]] <= 2 && t.length >= 5;
  if (allowFuzzy && (!out.size || rare) && t.length >= 4 && /^[a-z]+$/.test(t)) {
    const k = t.length >= 8 && !rare ? 2 : 1;
    for (let id = 0; id < terms.length; id++) {
      const term = terms[id];
      if (Math.abs(term.length - t.length) > k) continue;
      const d = distance(t, term, k);
      if (d <= k && !out.has(id)) out.set(id, d === 1 ? 0.75 : 0.55);
    }
    /* typo in the word being typed: compare with prefixes of longer words */
    if (w.last && t.length >= 5 && out.size < 3) {
      for (let id = 0; id < terms.length; id++) {
        const term = terms[id];
        if (term.length <= t.length) continue;
        if (distance(t, term.slice(0, t.length), 1) <= 1 && !out.has(id)) out.set(id, 0.5);
      }
    }
  }
  return out;
}

/* A word glued from two known words ("neuropathyoptic", "mogscdg") */
function splitWord(v, t) {
  if (t.length < 6) return null;
  for (let i = 3; i <= t.length - 3; i++) {
    const a = t.slice(0, i), b = t.slice(i);
    const pa = lowerBound(v.terms, v.sorted, a), pb = lowerBound(v.terms, v.sorted, b);
    if (v.terms[v.sorted[pa]] === a && v.terms[v.sorted[pb]] === b) return [a, b];
  }
  return null;
}

/* ---------------------------------------------------------------------------------------------
 * Search
 * ------------------------------------------------------------------------------------------ */

function escapeHTML(s) {
  return s.replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

/* Escape text and mark the words whose folded form is in `hit` */
function highlight(text, hit) {
  return text.split(/([\p{L}\p{N}]+)/u).map((part, i) => {
    if (i % 2 === 0) return escapeHTML(part);
    const f = normalize(part);
    return hit(f) ? `<mark>${escapeHTML(part)}</mark>` : escapeHTML(part);
  }).join("");
}

const REL_SCORE = { e: 100, n: 50, b: 0 };
const REL_NAME = { e: "eksakt", n: "bredere kode", b: "smalere kode" };

async function search(raw, unknown = []) {
  const c = await loadCore();
  const q = parse(raw);
  const table = q.needsCodes ? await loadCodes(c).catch(() => null) : null;

  /* per document: code score and a note for the snippet */
  const codeScore = new Map();
  const codeNote = new Map();
  const addCode = (d, score, note) => {
    if ((codeScore.get(d) || 0) < score) { codeScore.set(d, score); codeNote.set(d, note); }
  };
  for (const n of q.orpha)
    for (const d of c.orpha.get(n) || []) addCode(d, 3000, `ORPHA:${n}`);
  if (table) {
    const exact = (system, label, key, base) => {
      const hit = table[system].map.get(key);
      if (hit) for (const [d, r] of hit.hits) addCode(d, base + REL_SCORE[r], `${label} ${hit.code} (${REL_NAME[r]})`);
    };
    for (const k of q.icd10) exact("icd10", "ICD-10", k, 1000);
    for (const k of q.icd11) exact("icd11", "ICD-11", k, 1000);
    for (const k of q.omim) exact("omim", "OMIM", k, 950);
    if (q.icd10prefix) {
      exact("icd10", "ICD-10", q.icd10prefix, 1000);
      const keys = table.icd10.keys;
      let lo = 0, hi = keys.length;
      while (lo < hi) { const m = (lo + hi) >> 1; if (keys[m] < q.icd10prefix) lo = m + 1; else hi = m; }
      for (let p = lo; p < keys.length && keys[p].startsWith(q.icd10prefix); p++) {
        if (keys[p] === q.icd10prefix) continue;
        const hit = table.icd10.map.get(keys[p]);
        for (const [d, r] of hit.hits) addCode(d, 500 + REL_SCORE[r] / 2, `ICD-10 ${hit.code} (${REL_NAME[r]})`);
      }
    }
    if (q.icd11.length) {
      const keys = table.icd11.keys;
      for (const k of q.icd11) {
        if (k.length < 4) continue;
        let lo = 0, hi = keys.length;
        while (lo < hi) { const m = (lo + hi) >> 1; if (keys[m] < k) lo = m + 1; else hi = m; }
        for (let p = lo; p < keys.length && keys[p].startsWith(k); p++) {
          if (keys[p] === k) continue;
          const hit = table.icd11.map.get(keys[p]);
          for (const [d, r] of hit.hits) addCode(d, 500 + REL_SCORE[r] / 2, `ICD-11 ${hit.code} (${REL_NAME[r]})`);
        }
      }
    }
  }

  /* nynorsk: a word the names do not have is looked up in its bokmål form («sjukdom» as «sykdom») */
  for (const w of q.words) {
    const bm = nbNynorsk(w.t);
    if (bm !== w.t && !nbKnown(c, w.t)) w.t = bm;
  }
  /* a word written in two parts that the names have as one («fenyl ketonuri», «Di George») */
  for (let i = 0; i + 1 < q.words.length; i++) {
    const a = q.words[i], b = q.words[i + 1];
    const joined = a.t + b.t;
    if (joined.length < 6 || !/^[a-z]+$/.test(joined) || (nbKnown(c, a.t) && nbKnown(c, b.t) && b.t.length > 2 && a.t.length > 2)) continue;
    if (nbKnown(c, joined) || nbKeyIds(c, nbKey(joined)).length) {
      q.words.splice(i, 2, { t: joined, last: b.last, shown: `${a.shown || a.t} ${b.shown || b.t}` });
    }
  }
  /* words: split glued words, find candidate terms in names */
  let words = [];
  for (const w of q.words) {
    const pos = lowerBound(c.terms, c.sorted, w.t);
    const known = pos < c.sorted.length && c.terms[c.sorted[pos]] === w.t;
    const parts = !known && !nbKeyIds(c, nbKey(w.t)).length && !nbLexicon(c, w.t) ? splitWord(c, w.t) : null;
    if (parts && candidates(c, w, true, 0).size === 0) {
      for (const p of parts) words.push({ t: p, last: false });
    } else {
      words.push(w);
    }
  }
  /* a code query's own token (the ICD-10 code "q87", the digits) is no word to match */
  if (codeScore.size && q.words.length === 1 && (q.icd10prefix || /^\d+$/.test(q.words[0].t) || q.icd11.length))
    words = [];
  const allStop = words.every(w => c.stop[c.sorted[lowerBound(c.terms, c.sorted, w.t)]] &&
    c.terms[c.sorted[lowerBound(c.terms, c.sorted, w.t)]] === w.t);
  for (const w of words) {
    const pos = lowerBound(c.terms, c.sorted, w.t);
    const isStop = pos < c.sorted.length && c.terms[c.sorted[pos]] === w.t && c.stop[c.sorted[pos]];
    w.weight = isStop && !allStop ? 0.25 : 1;
    w.required = !isStop || allStop;
    w.cands = candidates(c, w, true, w.t.length <= 2 ? 300 : 2000);
  }
  /* Norwegian: spelling keys and translations enrich the words; compounds and translations of
     several words give further word lists, ranked by names below (norsk.js) */
  const variants = nbExpand(c, words);
  /* a one-letter last word is being typed: it may be missing */
  const last = words[words.length - 1];
  if (words.length > 1 && last.last && last.t.length === 1)
    for (const v of [words, ...variants]) for (const w of v) if (w.t === last.t && !w.cands.has(-1)) w.optional = true;
  for (const v of [words, ...variants]) nbWeigh(c, v);

  /* full text: fetch the shards the words fall in (only words of three letters or more) */
  const textWords = words.filter(w => w.required && (w.t.length >= 3 || /^\d+$/.test(w.t)));
  const need = new Map();
  for (const w of textWords) {
    const s = stem(w.t);
    for (const i of shardsFor(c, s.length >= 3 ? s : w.t, w.t + "\uffff")) need.set(i, loadShard(c, i));
  }
  const textIds = words.map(() => new Map());   /* per word: doc -> quality in text */
  const idf = words.map(() => 0);
  if ([...need.values()].some(e => !e.data) && Math.max(...[words, ...variants].map(v => preliminaryCount(c, v))) < 10) {
    /* wait for the text unless the names alone give enough results (then it loads for later) */
    await Promise.all([...need.values()].map(e => e.promise.catch(() => null)));
  }
  for (const entry of need.values()) {
    const s = entry.data;
    if (!s) continue;
    words.forEach((w, wi) => {
      if (!textWords.includes(w)) return;
      const cands = candidates(s, w, false, 200);
      if (!cands.size && w.t.length >= 5 && /^[a-z]+$/.test(w.t)) {
        const k = w.t.length >= 8 ? 2 : 1;
        s.terms.forEach((term, id) => {
          if (term[0] === w.t[0] && distance(w.t, term, k) <= k) cands.set(id, 0.6);
        });
      }
      for (const [id, qual] of cands) {
        let docs = s.decoded.get(id);
        if (!docs) { docs = decodeDelta(s.post[id]); s.decoded.set(id, docs); }
        if (qual >= 0.95) idf[wi] = Math.max(idf[wi], Math.log(1 + c.nd / docs.length));
        const m = textIds[wi];
        for (const d of docs) if ((m.get(d) || 0) < qual) m.set(d, qual);
      }
    });
  }

  /* a word that matches nothing anywhere (names, genes, text, a variant) stops being required:
     the results say «Viser treff uten «x»» */
  const dropped = new Set();
  words.forEach((w, wi) => {
    if (!w.required || w.cands.size || textIds[wi].size) return;
    if (variants.some(v => v.some(x => x.required && x.cands.size && !words.includes(x) && x.t !== w.t) && !v.some(x => x.t === w.t))) return;
    w.required = false; w.weight = 0; dropped.add(w.t);
  });
  if (dropped.size === words.length) dropped.clear();  /* nothing matches: nothing to show */
  for (const v of variants) for (const x of v) if (dropped.has(x.t) && !x.cands.size) { x.required = false; x.weight = 0; }
  const W = words.reduce((s, w) => s + w.weight, 0) || 1;
  const results = rankNames(c, words, W, textIds, idf, codeScore);
  /* variants: names only, each document keeps its best score */
  if (variants.length) {
    const best = new Map(results.map(r => [r.d, r]));
    for (const v of variants) {
      const vw = v.reduce((s, w) => s + w.weight, 0) || 1;
      for (const r of rankNames(c, v, vw, v.map(() => new Map()), v.map(() => 0), codeScore)) {
        const had = best.get(r.d);
        if (!had || had.score < r.score) best.set(r.d, Object.assign(r, { words: v }));
      }
    }
    results.length = 0;
    results.push(...best.values());
  }
  /* a group's bonus never lifts it above a diagnosis that the words name as wholly as the group */
  let wholeSpecific = 0;
  for (const r of results) if (r.exact > wholeSpecific && c.docs[r.d][0] < 2) wholeSpecific = r.exact;
  if (wholeSpecific) for (const r of results)
    if (c.docs[r.d][0] === 2 && r.exact <= wholeSpecific) r.score -= KIND_BONUS[2] + 1;
  results.sort((a, b) => b.score - a.score || a.len - b.len || a.d - b.d);
  /* never nothing: a word that matches nothing and is no compound of known words is searched as the
     known parts it has («kattegråtsyndrom»: katte, grå, syndrom), saying which letters were left out */
  if (!results.length && !unknown.length && !codeScore.size) {
    let retry = false;
    const again = [], left = [];
    for (const w of q.words) {
      const partial = !nbKnown(c, w.t) && !nbLexicon(c, w.t) && candidates(c, w, true, 0).size === 0 ? nbPartial(c, w.t) : null;
      if (!partial) { again.push(w.shown || w.t); continue; }
      retry = true;
      /* parts and left-out letters as typed («gråt», not the folded «graat») */
      const typed = w.shown || w.t, at = [];
      let folded = "";
      for (let k = 0; k < typed.length; k++) {
        const f = normalize(typed[k]).replace(/[^a-z0-9]/g, "");
        for (let n = 0; n < f.length; n++) at.push(k);
        folded += f;
      }
      const piece = (a, b) => folded === w.t ? typed.slice(at[a], at[b - 1] + 1) : w.t.slice(a, b);
      let from = 0;
      for (const part of partial.parts) { const a = w.t.indexOf(part, from); again.push(piece(a, a + part.length)); from = a + part.length; }
      for (const [a, b] of partial.gaps) if (b - a >= 3) left.push(piece(a, b));
    }
    if (retry) return search(again.join(" ") + (/\s$/.test(raw) ? " " : ""), left.length ? left : [""]);
  }
  const top = results.slice(0, MAX_RESULTS);
  const shown = w => w.shown || w.t;
  const without = r => {
    const list = (r.words || words).filter(w => dropped.has(w.t) || (r.missed && r.missed.includes(w))).map(shown);
    return [...new Set(unknown.filter(x => x).concat(words.filter(w => dropped.has(w.t)).map(shown), list))];
  };
  return { items: top.map(r => [render(c, r, r.words || words, codeNote.get(r.d), raw, without(r))]), total: results.length };
}

/* Documents whose names (or text) the words match, scored */
function rankNames(c, words, W, textIds, idf, codeScore) {
  /* name and gene matches per word: doc -> best quality */
  const nameIds = words.map(w => {
    const m = new Map();
    for (const [id, qual] of w.cands)
      for (let p = c.start[id]; p < c.start[id + 1]; p++) {
        const d = c.post[p];
        if ((m.get(d) || 0) < qual) m.set(d, qual);
      }
    return m;
  });

  /* candidates: every required word matches (or one missing in a longer query) */
  const required = words.map((w, i) => i).filter(i => words[i].required);
  const hits = new Map();
  const consider = (d) => {
    if (hits.has(d)) return;
    let missing = 0;
    for (const i of required) if (!nameIds[i].has(d) && !textIds[i].has(d)) missing++;
    hits.set(d, missing);
  };
  const missed = d => required.filter(i => !nameIds[i].has(d) && !textIds[i].has(d)).map(i => words[i]);
  if (required.length) {
    /* start from the rarest word's documents */
    let best = required[0], size = Infinity;
    for (const i of required) {
      const sz = nameIds[i].size + textIds[i].size;
      if (sz < size) { size = sz; best = i; }
    }
    const pool = new Set([...nameIds[best].keys(), ...textIds[best].keys()]);
    if (required.length >= 3) for (const i of required) {
      for (const d of nameIds[i].keys()) pool.add(d);
    }
    for (const d of pool) consider(d);
  }
  for (const d of codeScore.keys()) if (!hits.has(d)) hits.set(d, words.length ? required.length : 0);

  let allowMissing = 0;
  const complete = [...hits.values()].filter(m => m === 0).length;
  if (complete < 5 && required.length >= 3) allowMissing = required.length >= 6 ? 2 : 1;
  if (!complete && required.length === 2) {
    /* two words that never meet: each word's own pages, below any page that has both */
    for (const i of required) for (const d of nameIds[i].keys()) consider(d);
    allowMissing = 1;
  }
  if (required.length >= 3) {
    /* never nothing: when no page has all but one or two of the words, the pages that lack fewest */
    let least = Infinity;
    for (const m of hits.values()) if (m < least) least = m;
    if (least > allowMissing && least < required.length) allowMissing = least;
  }

  const results = [];
  for (const [d, missing] of hits) {
    const cs = codeScore.get(d) || 0;
    if (missing > allowMissing && !cs) continue;
    const r = scoreDoc(c, d, words, W, nameIds, textIds, idf, missing, cs);
    if (missing) {
      /* lacking a rare word («Steinerts») costs more than lacking a common one («sykdom») */
      r.missed = missed(d);
      for (const w of r.missed) {
        const i = words.indexOf(w);
        r.score -= 60 * Math.log10(c.nd / Math.max(1, nameIds[i].size + textIds[i].size));
      }
    }
    results.push(r);
  }
  return results;
}

/* Number of documents every required word finds in names (cheap; decides whether to wait for text) */
function preliminaryCount(c, words) {
  const req = words.filter(w => w.required);
  if (!req.length) return 0;
  let set = null;
  for (const w of req) {
    const s = new Set();
    for (const id of w.cands.keys())
      for (let p = c.start[id]; p < c.start[id + 1]; p++) s.add(c.post[p]);
    set = set ? new Set([...set].filter(d => s.has(d))) : s;
    if (!set.size) return 0;
  }
  return set.size;
}

function scoreDoc(c, d, words, W, nameIds, textIds, idf, missing, codeScore) {
  const names = c.names[d];
  let bestName = 0, bestFull = 0, bestIndex = 0, exact = 0;
  const anyName = words.map(() => 0);
  for (let n = 0; n < names.length; n++) {
    const name = names[n];
    let frac = 0, product = 1;
    const matched = new Uint8Array(name.length);
    words.forEach((w, wi) => {
      /* each word covers one word of the name: its best match */
      let best = 0, at = -1;
      for (let k = 0; k < name.length; k++) {
        const x = name[k];
        const id = x < 0 ? -1 - x : x;
        let qual = w.cands.get(id) || 0;
        if (x < 0) qual *= 0.85;
        if (qual > best || (qual === best && qual > 0 && at >= 0 && matched[at] && !matched[k])) { best = qual; at = k; }
      }
      if (at >= 0 && name[at] >= 0) matched[at] = 1;
      if (best > anyName[wi]) anyName[wi] = best;
      if (w.required) product *= best;
      frac += w.weight * best;
    });
    frac /= W;
    let len = 0, cov = 0;
    for (let k = 0; k < name.length; k++) {
      if (name[k] < 0) continue;
      if (matched[k]) { cov++; len++; } else if (!c.stop[name[k]]) len++;
    }
    const coverage = len ? cov / len : 0;
    const score = frac * (0.5 + 0.5 * coverage) + (n === 0 ? 0.01 : 0);
    /* the whole name, word for word: 1 when exact, less for stems, prefixes and typos */
    const full = words.length && coverage === 1 ? product : 0;
    if (full > exact) exact = full;
    if (score + full > bestName + bestFull) { bestName = score; bestFull = full; bestIndex = n; }
  }
  /* genes: exact symbol (or the symbol being typed); a gene that does not cause the disease counts half */
  let gene = 0;
  const genes = c.genes[d], other = c.other[d];
  words.forEach((w) => {
    for (const [list, weight] of [[genes, 1], [other, 0.5]]) {
      for (const g of list) {
        const qual = w.cands.get(g) || 0;
        if (qual === 1) gene = Math.max(gene, weight);
        else if (qual >= 0.6 && w.last && qual !== 0.75 && qual !== 0.55) gene = Math.max(gene, 0.3 * weight);
      }
    }
  });
  /* all words, wherever they matched */
  let frac = 0, text = 0;
  const lenNorm = 1 / (1 + 0.3 * Math.max(0, Math.log2((c.tl[d] + 1) / c.avgTl)));
  words.forEach((w, wi) => {
    const tq = textIds[wi].get(d) || 0;
    const gq = genes.some(g => w.cands.get(g) === 1) || other.some(g => w.cands.get(g) === 1) ? 1 : 0;
    frac += w.weight * Math.max(anyName[wi], gq, 0.6 * tq);
    text += w.weight * tq * Math.min(1, idf[wi] / 6) * lenNorm;
  });
  frac /= W; text /= W;
  const kind = c.docs[d][0];
  let score = 1000 * exact + 300 * bestName + 100 * frac + 40 * text + KIND_BONUS[kind] + codeScore;
  if (gene) score += gene * (700 + 100 / (genes.length + other.length));
  if (missing) score = score * 0.6 - 100 * missing;
  const title = c.docs[d][2];
  return { d, score, len: title.length, bestIndex, missing, exact: missing ? 0 : exact };
}

function render(c, r, words, note, raw, without) {
  const row = c.docs[r.d];
  const url = row[1];
  const matchedTerms = new Set();
  for (const w of words) for (const [id, qual] of w.cands) if (qual >= 0.5) matchedTerms.add(c.terms[id]);
  const hit = f => matchedTerms.has(f) || words.some(w => w.last && w.t.length >= 2 && f.startsWith(w.t));
  const parts = [];
  if (without && without.length)
    parts.push(`<span class="sjelden-search__uten">Viser treff uten ${without.map(x => `«${escapeHTML(x)}»`).join(", ")}</span>`);
  if (note) parts.push(escapeHTML(note));
  if (r.bestIndex > 0) {
    const alias = c.alias[r.d];
    let name = alias && alias[r.bestIndex - 1];
    if (!name) {
      name = c.names[r.d][r.bestIndex].filter(x => x >= 0)
        .map(x => (c.caps.has(x) ? c.terms[x].toUpperCase() : c.terms[x])).join(" ");
      name = name.charAt(0).toUpperCase() + name.slice(1);
    }
    parts.push(`Også kalt: ${highlight(name, hit)}`);
  }
  const snip = c.snip[r.d];
  if (snip) parts.push(highlight(snip, hit));
  const meta = [];
  if (row.length > 3 && !(note && note.startsWith("ORPHA"))) meta.push(row.slice(3).map(n => `ORPHA:${n}`).join(", "));
  const genes = c.genes[r.d];
  if (genes.length) {
    const shown = genes.slice(0, 6).map(g => c.terms[g].toUpperCase());
    meta.push(`Gen: ${highlight(shown.join(", "), hit)}${genes.length > 6 ? " …" : ""}`);
  }
  const others = c.other[r.d].map(g => c.terms[g]).filter(hit);
  if (others.length) meta.push(`Gen med annen rolle: ${highlight(others.map(g => g.toUpperCase()).join(", "), hit)}`);
  if (meta.length) parts.push(meta.join(" · "));
  const terms = {};
  for (const w of tokenize(raw)) terms[w] = true;
  return {
    location: url,
    title: highlight(row[2], hit),
    text: parts.map(p => `<span class="sjelden-search__line">${p}</span>`).join("<br>"),
    score: Math.max(0, r.score),
    terms
  };
}

/* ---------------------------------------------------------------------------------------------
 * Protocol
 * ------------------------------------------------------------------------------------------ */

let queue = Promise.resolve();
let latest = 0;
let lastResult = { items: [], total: 0 };

if (typeof importScripts === "function") addEventListener("message", ev => {
  const msg = ev.data;
  if (!msg) return;
  if (msg.type === 0) {           /* SETUP: nothing to load yet */
    postMessage({ type: 1 });
    return;
  }
  if (msg.type !== 2) return;     /* QUERY */
  const text = typeof msg.data === "string" ? msg.data : "";
  const seq = ++latest;
  queue = queue.then(async () => {
    let data;
    if (!text.trim()) {
      data = { items: [], total: 0 };
    } else if (seq !== latest) {
      /* superseded while waiting: every query gets one answer, but only the newest is worth computing */
      data = lastResult;
    } else {
      try {
        data = await search(text);
      } catch (err) {
        console.error("sjelden-search:", err);
        data = { items: [], total: 0 };
      }
    }
    lastResult = data;
    postMessage({ type: 3, data });
  });
});

/* for tests in Node: module.exports gets the pure functions */
if (typeof module !== "undefined") module.exports = { normalize, tokenize, stem, distance, parse, search, nbKey, nbAlternatives, nbNynorsk, nbFuse };
