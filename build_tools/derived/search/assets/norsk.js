/* sjelden.no search: Norwegian queries against (mostly) English Orphanet names.
 *
 * Prepended to worker.js when the index is built (build_tools/derived/search/index.py). nbKey() and
 * nbAlternatives() are twins of key() and alternatives() in build_tools/derived/search/norsk.py (tests
 * compare them on tests/fixtures/search/normalise_cases.json and on random words).
 *
 * For every query word the worker gets, besides its own matches:
 * - words of the vocabulary with the same orthographic key ("hypofosfatasi" meets
 *   "hypophosphatasia", "sykdommer" meets "sykdom"); the index ships the vocabulary's keys;
 * - its English translations from the lexicon shipped in the core (core.nb: {w, p, o});
 * - for a compound, its parts ("sigdcelleanemi" = sigdcelle + anemi = sickle cell + anemia);
 * - for a compound of two parts with combining forms in the lexicon (core.nb.a, core.nb.z), and for
 *   two query words in either order, the one word of the names they make ("netthinnekreft",
 *   "kreft i netthinnen" = retino + blastoma = "retinoblastoma").
 * Translations and compounds with more than one English word make further word lists
 * ("variants") that the worker ranks by names alone and merges with the main result.
 */
"use strict";

const NB_ENDINGS = [
  ["erende", ["ing"]], ["ende", ["ing"]],
  ["iske", ["ical", "y", ""]], ["isk", ["ical", "y", ""]],
  ["aere", ["ary"]], ["aer", ["ary"]],
  ["sielle", ["tial"]], ["siell", ["tial"]],
  ["elle", ["al"]], ["ell", ["al"]],
  ["itet", ["ity"]],
  ["gen", ["genic"]]
];
const NB_LETTER = { ph: "f", th: "t", rh: "r", ch: "k", tion: "sjon", qu: "kv", x: "ks", z: "s", aer: "ar", ae: "e", oe: "e", y: "i" };
const NB_ENDS = ["ene", "er", "en", "et", "is", "e", "a"];
const NB_MIN_KEY = 3;
const NB_SOUNDS = [["neur", "nevr"], ["reum", "revm"], ["kefal", "sefal"]];

function nbTail(w) {
  return w.endsWith("isk") ? w.slice(0, -3) + "ik" : w;
}

/* The orthographic key of a folded word: one left-to-right pass of letter spellings (the earlier
   rule wins where two apply), doubled letters as one, one ending removed. Written for speed: the
   worker keys a part of its vocabulary on a Norwegian query's first use. */
function nbKey(word) {
  const n = word.length;
  if (n < 4) return word;
  for (let i = 0; i < n; i++) { const x = word.charCodeAt(i); if (x < 97 || x > 122) return word; }
  let w = "";
  for (let i = 0; i < n; i++) {
    const ch = word[i], nx = i + 1 < n ? word[i + 1] : "";
    switch (ch) {
      case "p": if (nx === "h") { w += "f"; i++; } else w += ch; break;
      case "t":
        if (nx === "h") { w += "t"; i++; } else if (nx === "i" && word.startsWith("on", i + 2)) { w += "sjon"; i += 3; } else w += ch;
        break;
      case "s": if (nx === "i" && word.startsWith("on", i + 2)) { w += "sjon"; i += 3; } else w += ch; break;
      case "r": if (nx === "h") { w += "r"; i++; } else w += ch; break;
      case "c":
        if (nx === "h") { w += "k"; i++; } else w += nx === "e" || nx === "i" || nx === "y" ? "s" : "k";
        break;
      case "q": if (nx === "u") { w += "kv"; i++; } else w += ch; break;
      case "x": w += "ks"; break;
      case "z": w += "s"; break;
      case "y": w += "i"; break;
      case "a":
        if (nx === "e" && word[i + 2] === "r" && (i + 3 === n || (i + 4 === n && word[i + 3] === "e"))) { w += "ar"; i += 2; }
        else if (nx === "e") { w += "e"; i++; } else w += ch;
        break;
      case "o": if (nx === "e") { w += "e"; i++; } else w += ch; break;
      default: w += ch;
    }
  }
  for (const [written, said] of NB_SOUNDS) if (w.includes(written)) w = w.split(written).join(said);
  if (w.endsWith("ous")) w = w.slice(0, -3) + "os";
  let d = w[0];
  for (let i = 1; i < w.length; i++) if (w[i] !== w[i - 1]) d += w[i];
  w = d;
  const m = w.length;
  if (m > 4 && w[m - 1] === "s" && !"iuos".includes(w[m - 2])) w = w.slice(0, -1);
  const l = w.length;
  if (l - 2 >= NB_MIN_KEY && w.endsWith("ne") && !"aeiouy".includes(w[l - 3])) return nbTail(w.slice(0, -2));
  for (const e of NB_ENDS) {
    if (w.endsWith(e) && l - e.length >= NB_MIN_KEY) { w = w.slice(0, l - e.length); break; }
  }
  return nbTail(w);
}

/* Further keys a Norwegian word may mean: English twins of its ending, the word without a genitive s */
function nbAlternatives(word) {
  const out = [];
  if (word.length < 4 || !/^[a-z]+$/.test(word)) return out;
  const forms = [word];
  if (word.endsWith("t") && word.length > 5) forms.push(word.slice(0, -1));  /* neuter: kongenitalt, primært */
  forms.forEach((form, i) => {
    if (i) out.push(nbKey(form));
    for (const [ending, english] of NB_ENDINGS) {
      if (form.endsWith(ending) && form.length - ending.length >= NB_MIN_KEY) {
        for (const e of english) out.push(nbKey(form.slice(0, form.length - ending.length) + e));
        break;
      }
    }
  });
  if (word.endsWith("s") && word.length > 4) out.push(nbKey(word.slice(0, -1)));
  const own = nbKey(word);
  return [...new Set(out)].filter(k => k !== own);
}

/* Nynorsk to bokmål on a folded word ("sjukdomar" -> "sykdommer", "arveleg" -> "arvelig"): twin of
   nynorsk() in norsk.py; the table (assets/nynorsk.json) is put in when the index is built */
const NB_NYNORSK = /*@NYNORSK@*/null;
const NB_NN_LEGE = new Set(NB_NYNORSK ? NB_NYNORSK.lege : []);
function nbNynorsk(word) {
  if (!NB_NYNORSK) return word;
  if (Object.prototype.hasOwnProperty.call(NB_NYNORSK.words, word)) return NB_NYNORSK.words[word];
  let w = word.split("sjuk").join("syk");
  for (const [head, bokmal] of NB_NYNORSK.heads) {
    if (w.startsWith(head) && w.length > head.length + 2) { w = bokmal + w.slice(head.length); break; }
  }
  for (const [ending, bokmal, least] of NB_NYNORSK.endings) {
    if (w.endsWith(ending) && w.length - ending.length >= least) {
      const tail = w.slice(0, w.length - ending.length);
      if (ending === "lege" && NB_NN_LEGE.has(tail)) break;  /* «tannlege» is a doctor */
      return tail + bokmal;
    }
  }
  return w;
}

/* Term ids by orthographic key. The index ships the key of every vocabulary word whose key is
   not the word itself (core.nb.k, one line per term id): computing them here took ~100 ms on a
   slow phone's first query. Built on a query's first use of a key. */
function nbKeyIds(c, k) {
  if (!k) return [];
  if (!c.nbKeys) {
    c.nbKeys = new Map();
    const keys = c.nb && c.nb.k ? c.nb.k.split("\n") : [];
    for (let id = 0; id < keys.length; id++) {
      if (!keys[id]) continue;
      const list = c.nbKeys.get(keys[id]);
      if (list) list.push(id); else c.nbKeys.set(keys[id], [id]);
    }
  }
  const out = c.nbKeys.get(k) || [];
  const pos = lowerBound(c.terms, c.sorted, k);  /* a word that is its own key */
  return pos < c.sorted.length && c.terms[c.sorted[pos]] === k ? [...out, c.sorted[pos]] : out;
}

/* Every term's key, sorted, for prefixes and typos on the key: [keys, ids] (built on first use) */
function nbKeyList(c) {
  if (!c.nbKeyList) {
    const keys = c.nb && c.nb.k ? c.nb.k.split("\n") : [];
    const pairs = c.terms.map((t, id) => [keys[id] || t, id]);
    pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
    c.nbKeyList = [pairs.map(p => p[0]), pairs.map(p => p[1])];
  }
  return c.nbKeyList;
}

/* Term ids whose key starts with `k` (a word being typed, after the spelling key: «hemokromat»
   meets «haemochromatosis»), with the share of the key typed */
function nbKeyPrefix(c, k, max) {
  const [keys, ids] = nbKeyList(c);
  let lo = 0, hi = keys.length;
  while (lo < hi) { const m = (lo + hi) >> 1; if (keys[m] < k) lo = m + 1; else hi = m; }
  const out = [];
  for (let p = lo; p < keys.length && out.length < max && keys[p].startsWith(k); p++) out.push([ids[p], k.length / keys[p].length]);
  return out;
}

/* Term ids whose key is one typo (two for long words) from `k`: typos after the spelling key and
   the nynorsk forms are gone («sarkoidosse», «hemofilli») */
function nbKeyTypos(c, k) {
  const [keys, ids] = nbKeyList(c);
  const n = k.length >= 8 ? 2 : 1;
  const out = [];
  for (let p = 0; p < keys.length; p++) {
    const x = keys[p];
    if (Math.abs(x.length - k.length) > n || x[0] !== k[0]) continue;
    const d = distance(k, x, n);
    if (d <= n) out.push([ids[p], d]);
  }
  return out;
}

function nbKnown(c, t) {
  const pos = lowerBound(c.terms, c.sorted, t);
  return pos < c.sorted.length && c.terms[c.sorted[pos]] === t;
}

/* ---------------------------------------------------------------------------------------------
 * Query words: translations, compounds, variants
 * ------------------------------------------------------------------------------------------ */

const NB_TRANSLATED = 0.95;  /* a translation that matches exactly */
const NB_KEYED = 0.9;        /* same orthographic key */
const NB_ALTERNATIVE = 0.85; /* another English ending, or the word without its genitive s */

function nbLexicon(c, t) {
  const lex = c.nb && c.nb.w;
  if (!lex) return null;
  for (const k of [nbKey(t), ...nbAlternatives(t)]) if (lex[k]) return lex[k].split("|");
  return null;
}

/* Translations grouped by their number of words: [[slot, ...], ...], slot = [english word, ...] */
function nbShapes(phrases) {
  const byLen = new Map();
  for (const p of phrases) {
    const words = p.split(" ");
    if (!byLen.has(words.length)) byLen.set(words.length, words.map(w => new Set([w])));
    else byLen.get(words.length).forEach((slot, i) => slot.add(words[i]));
  }
  return [...byLen.values()].map(slots => slots.map(s => [...s]));
}

/* A word of the lexicon: a translation, or a combining form only («fett»: lipo-) */
function nbLexPart(c, t) {
  const nb = c.nb;
  if (!nb || !nb.w) return false;
  for (const k of [nbKey(t), ...nbAlternatives(t)]) if (nb.w[k] || (nb.a && nb.a[k]) || (nb.z && nb.z[k])) return true;
  return false;
}

/* A compound as known parts (lexicon words of 3+ letters, or names-vocabulary words of 4+ letters),
   with a linking s or e allowed between parts; fewest parts, then most lexicon parts. At most 3.
   At least one part must be in the lexicon, unless `plain` (the word matches nothing as it is). */
function nbSplit(c, t, plain) {
  if (t.length < 6 || !/^[a-z]+$/.test(t)) return null;
  /* cheap test first: without a lexicon word inside, only a word that matches nothing is split */
  if (!plain) {
    let any = false;
    for (let i = 0; i + 3 <= t.length && !any; i++)
      for (let j = i + 3; j <= t.length && !any; j++) if (j - i < t.length && nbLexPart(c, t.slice(i, j))) any = true;
    if (!any) return null;
  }
  const memo = new Map();
  const kinds = new Map();
  const kind = part => {
    let k = kinds.get(part);
    if (k === undefined) {
      k = part.length >= 3 && nbLexPart(c, part) ? 2 : part.length >= 4 && (nbKnown(c, part) || nbKeyIds(c, nbKey(part)).length) ? 1 : 0;
      kinds.set(part, k);
    }
    return k;
  };
  const best = (i, depth) => {
    if (i === t.length) return { parts: [], lex: 0 };
    if (depth === 3) return null;
    const mk = i * 4 + depth;
    if (memo.has(mk)) return memo.get(mk);
    let out = null;
    for (let j = t.length; j >= i + 3; j--) {
      if (i === 0 && j === t.length) continue;  /* the word itself is no compound */
      const part = t.slice(i, j);
      const k = kind(part);
      if (!k) continue;
      for (const next of [j, j + 1]) {
        if (next > t.length || (next === j + 1 && !(j < t.length - 3 && (t[j] === "s" || t[j] === "e")))) continue;
        const rest = best(next, depth + 1);
        if (!rest) continue;
        const cand = { parts: [part, ...rest.parts], lex: rest.lex + (k === 2 ? 1 : 0) };
        if (!out || cand.parts.length < out.parts.length ||
            (cand.parts.length === out.parts.length && cand.lex > out.lex)) out = cand;
      }
    }
    memo.set(mk, out);
    return out;
  };
  const got = best(0, 0);
  return got && got.parts.length > 1 && (got.lex > 0 || plain) ? got.parts : null;
}

/* The known parts of a word that matches nothing and splits into no known parts («kattegråtsyndrom»:
   katte, grå, syndrom; «t» is unknown): lexicon words of 4+ letters or names-vocabulary words of 5+
   letters, covering as many letters as possible, then in as few parts. Returns
   { parts, gaps: [[from, to], ...] } (the letters left over, a linking s or e not counted) or null. */
function nbPartial(c, t) {
  if (t.length < 7 || !/^[a-z]+$/.test(t)) return null;
  const n = t.length, memo = new Map();
  const known = (i, j) => {
    const k = i * (n + 1) + j;
    if (!memo.has(k)) {
      const part = t.slice(i, j);
      memo.set(k, j - i < n && ((part.length >= 4 && nbLexPart(c, part)) ||
        (part.length >= 5 && (nbKnown(c, part) || nbKeyIds(c, nbKey(part)).length > 0))));
    }
    return memo.get(k);
  };
  /* best[i]: [letters covered, parts] for t[i:], and the end of the part taken at i (0: none) */
  const best = new Array(n + 1).fill(null), take = new Array(n + 1).fill(0);
  best[n] = [0, 0];
  for (let i = n - 1; i >= 0; i--) {
    best[i] = best[i + 1];
    for (let j = i + 4; j <= n; j++) {
      if (!known(i, j)) continue;
      const cand = [j - i + best[j][0], 1 + best[j][1]];
      if (cand[0] > best[i][0] || (cand[0] === best[i][0] && cand[1] < best[i][1])) { best[i] = cand; take[i] = j; }
    }
  }
  if (!best[0][1]) return null;
  const parts = [], gaps = [];
  for (let i = 0; i < n;) {
    if (take[i]) { parts.push(t.slice(i, take[i])); i = take[i]; continue; }
    if (gaps.length && gaps[gaps.length - 1][1] === i) gaps[gaps.length - 1][1]++;
    else gaps.push([i, i + 1]);
    i++;
  }
  const real = gaps.filter(([a, b]) => !(b - a === 1 && a > 0 && b < n && "se".includes(t[a])));
  return { parts, gaps: real };
}

/* Combining forms of a word in the lexicon (core.nb.a: beginnings such as "retino", core.nb.z: ends
   such as "blastoma"), looked up like a translation */
function nbAffixes(c, t, map) {
  const lex = c.nb && c.nb[map];
  if (!lex) return [];
  for (const k of [nbKey(t), ...nbAlternatives(t)]) if (lex[k]) return lex[k].split("|");
  return [];
}

/* Twin of fuse() in norsk.py: "retino" + "blastoma", "myelo" + "oma" -> "myeloma" */
function nbFuse(head, tail) {
  return "aeiou".includes(head.slice(-1)) && "aeiou".includes(tail[0]) ? head.slice(0, -1) + tail : head + tail;
}

/* The words of the names that a two-part compound means as one word: "netthinnekreft" =
   netthinne (retino-) + kreft (-blastoma) = "retinoblastoma" */
function nbFused(c, parts) {
  if (!parts || parts.length !== 2) return [];
  const out = [];
  for (const head of nbAffixes(c, parts[0], "a"))
    for (const tail of nbAffixes(c, parts[1], "z")) {
      const f = nbFuse(head, tail);
      if (nbKnown(c, f) || nbKeyIds(c, nbKey(f)).length) out.push(f);
    }
  return out;
}

/* Candidate term ids of one slot: the query word itself (own: its usual matches, computed by the
   worker) and English words, each also by orthographic key */
function nbSlot(c, own, english, last, keyed = true) {
  const cands = new Map();
  const add = (id, q) => { if ((cands.get(id) || 0) < q) cands.set(id, q); };
  if (own) {
    for (const [id, q] of own.cands) add(id, q);
    const k = nbKey(own.t);
    if (keyed || !nbKnown(c, own.t)) for (const id of nbKeyIds(c, k)) add(id, NB_KEYED);
    for (const a of nbAlternatives(own.t)) for (const id of nbKeyIds(c, a)) add(id, NB_ALTERNATIVE);
    /* prefixes on the key only for a word that has no match of its own yet (cheap for English queries) */
    let strong = false;
    for (const q of own.cands.values()) if (q >= 0.95) { strong = true; break; }
    if (keyed && !strong && k.length >= 4 && /^[a-z]+$/.test(k) && (own.last || own.t.length >= 6))
      for (const [id, share] of nbKeyPrefix(c, k, 300)) add(id, (own.last ? 0.55 : 0.45) + 0.3 * share);
    if (keyed && !cands.size && !english.length && k.length >= 5 && /^[a-z]+$/.test(k))
      for (const [id, d] of nbKeyTypos(c, k)) add(id, d === 1 ? 0.7 : 0.5);
  }
  for (const e of english) {
    for (const [id, q] of candidates(c, { t: e, last: false }, false, 0)) add(id, q * NB_TRANSLATED);
    if (keyed || !nbKnown(c, e)) for (const id of nbKeyIds(c, nbKey(e))) add(id, NB_KEYED * NB_TRANSLATED);
  }
  const t = own ? own.t : english[0];
  const optional = !!(c.nb && c.nb.o && c.nb.o.includes(nbKey(t)));
  return { t, last: !!(own && own.last) && !english.length, cands, nb: true, optional };
}

/* Enrich the worker's words in place (keys, one-word translations) and return further variants:
   lists of words where compounds and translations of several words stand for one query word. */
function nbExpand(c, words) {
  /* phrases of the lexicon ("leppe kjeve ganespalte"), longest first, not overlapping */
  const spans = [];
  if (c.nb && c.nb.p) {
    for (let i = 0; i < words.length; i++) {
      for (let n = Math.min(4, words.length - i); n >= 2; n--) {
        const k = words.slice(i, i + n).map(x => nbKey(x.t)).join(" ");
        if (c.nb.p[k]) { spans.push({ i, n, shapes: nbShapes(c.nb.p[k].split("|")) }); i += n - 1; break; }
      }
    }
  }
  /* Every query word is keyed: since the names carry Norwegian words (ICD-10 texts, lay names),
     a word the vocabulary has («idiopatisk») no longer tells a Norwegian query from an English one */
  const lexs = words.map(w => nbLexicon(c, w.t));
  const keyed = true;
  const units = words.map((w, wi) => {
    const lex = lexs[wi];
    const shapes = lex ? nbShapes(lex) : [];
    const single = shapes.find(s => s.length === 1);
    const base = nbSlot(c, w, single ? single[0] : [], w.last, keyed);
    const multi = [];
    for (const s of shapes) if (s.length > 1) multi.push(s.map(slot => nbSlot(c, null, slot, false)));
    const parts = !lex ? nbSplit(c, w.t, !w.cands.size) : null;
    /* the compound as one word of the names (also for a compound the lexicon has: "beinkreft") */
    const fused = c.nb && c.nb.z ? nbFused(c, parts || (lex ? nbSplit(c, w.t, false) : null)) : [];
    if (fused.length) multi.push([nbSlot(c, null, fused, false)]);
    if (parts) {
      const slots = [];
      for (const part of parts) {
        const plex = nbLexicon(c, part);
        const own = { t: part, last: false, cands: plex ? new Map() : candidates(c, { t: part, last: false }, false, 0) };
        const ps = plex ? nbShapes(plex)[0] : [[]];
        if (ps.length === 1) slots.push(nbSlot(c, own, ps[0], false));
        else for (const slot of ps) slots.push(nbSlot(c, null, slot, false));
      }
      multi.push(slots);
    }
    return { base, multi };
  });
  /* the words themselves, enriched in place */
  words.forEach((w, i) => { w.cands = units[i].base.cands; w.optional = units[i].base.optional; });
  const variants = [];
  /* two words that are one word of the names, either order, a stop word between allowed:
     «kreft i netthinnen», «netthinne kreft» = «retinoblastoma» */
  if (c.nb && c.nb.z && words.length > 1) {
    const stop = w => { const p = lowerBound(c.terms, c.sorted, w.t); return p < c.sorted.length && c.terms[c.sorted[p]] === w.t && c.stop[c.sorted[p]]; };
    for (let i = 0; i < words.length; i++) {
      for (let j = i + 1; j < Math.min(words.length, i + 3); j++) {
        if (!words.slice(i + 1, j).every(w => w.t.length <= 2 || stop(w))) continue;  /* «i», «på», «av» */
        const f = [...new Set([...nbFused(c, [words[i].t, words[j].t]), ...nbFused(c, [words[j].t, words[i].t])])];
        if (f.length) variants.push([...units.slice(0, i).map(u => u.base), nbSlot(c, null, f, false), ...units.slice(j + 1).map(u => u.base)]);
      }
    }
  }
  /* phrases: the words a phrase covers replaced by each of its readings */
  for (const span of spans) {
    for (const shape of span.shapes) {
      const before = units.slice(0, span.i).flatMap(u => u.multi[0] || [u.base]);
      const after = units.slice(span.i + span.n).flatMap(u => u.multi[0] || [u.base]);
      variants.push([...before, ...shape.map(slot => nbSlot(c, null, slot, false)), ...after]);
    }
  }
  /* the k-th reading of several words for every word that has one */
  const maxMulti = Math.max(0, ...units.map(u => u.multi.length));
  for (let k = 0; k < Math.min(3, maxMulti); k++)
    variants.push(units.flatMap(u => (u.multi.length ? u.multi[Math.min(k, u.multi.length - 1)] : [u.base])));
  return variants.slice(0, 5);
}

/* Weights of words: optional words ("sjelden") and stop words count a quarter and may be missing,
   unless the query has nothing else */
function nbWeigh(c, words) {
  const stop = w => { const p = lowerBound(c.terms, c.sorted, w.t); return p < c.sorted.length && c.terms[c.sorted[p]] === w.t && c.stop[c.sorted[p]]; };
  const soft = w => w.optional || stop(w);
  if (words.every(soft)) {
    for (const w of words) if (w.nb) { w.required = true; w.weight = 1; }
    return;
  }
  for (const w of words) {
    if (w.nb || w.optional) { w.required = !soft(w); w.weight = w.required ? 1 : 0.25; }
  }
}
