/*
 * urbankb search worker: replaces mkdocs-material's lunr worker and speaks its
 * message protocol (SETUP -> READY, QUERY -> RESULT), so the theme's search
 * box, result list, suggestions and highlighting stay as they are.
 *
 * The index (search/urbankb-index.json.gz, written by urbankb.search) holds
 * pre-segmented, pre-scored postings.  A query is split the way the pages
 * were: lower-cased, traditional characters mapped to simplified (the OpenCC
 * t2s character table shipped in the index), then forward maximum matching
 * over the index vocabulary; characters in a row that no indexed word holds
 * stay one word.  All tokens are required; unknown ones, and the last one
 * while the reader is typing, match as prefixes.  See SEARCH.md.
 */
"use strict"

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
const FORMAT = 1
const INDEX_URL = new URL("../../search/urbankb-index.json.gz", self.location.href)
/* weight of a vocabulary term matched only as a prefix of what was typed */
const PREFIX_FACTOR = 0.6
/* most vocabulary terms one prefix may expand to */
const PREFIX_LIMIT = 400
/* results with highlighted teasers (the rest show the page title only) */
const DETAILED = 60

let index = null
const loading = load().catch(err => {
  console.warn("urbankb search: cannot load index", err)
  return null
})

async function load() {
  const res = await fetch(INDEX_URL)
  if (!res.ok)
    throw new Error(`${INDEX_URL}: HTTP ${res.status}`)
  const bytes = new Uint8Array(await res.arrayBuffer())
  let text
  /* a server may already have decoded it (Content-Encoding: gzip) */
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))
    text = await new Response(stream).text()
  } else {
    text = new TextDecoder().decode(bytes)
  }
  return prepare(JSON.parse(text))
}

function prepare(data) {
  if (data.format !== FORMAT)
    throw new Error(`index format ${data.format}, expected ${FORMAT}`)
  const termId = new Map()
  data.terms.forEach((t, i) => termId.set(t, i))
  const t2s = new Map()
  const chars = [...data.t2s]
  for (let i = 0; i + 1 < chars.length; i += 2)
    t2s.set(chars[i], chars[i + 1])
  const pages = []                     /* page -> doc indexes (page entry first) */
  data.docs.forEach((doc, i) => {
    if (!doc[0].includes("#") || !pages.length)
      pages.push([i])
    else
      pages[pages.length - 1].push(i)
  })
  return {
    docs: data.docs, terms: data.terms, postings: data.postings, termId, t2s, pages,
    stop: new Set(data.stopwords), maxlen: data.maxlen,
    decoded: new Map(), norm: new Map()
  }
}

/* ------------------------------------------------------------------------ */

/* lower-case and (unless told not to) simplified, one code point at a time (keeps offsets) */
function normalize(text, simplify = true) {
  let out = ""
  for (const ch of text) {
    const s = simplify && index.t2s.get(ch) || ch
    const l = s.toLowerCase()
    out += l.length === s.length ? l : s
  }
  return out
}

const ASCII = /[a-z0-9]/

/* forward maximum matching over the index vocabulary */
function segment(chunk) {
  const out = []
  let i = 0
  while (i < chunk.length) {
    let found = 0
    for (let l = Math.min(index.maxlen, chunk.length - i); l >= 1; l--) {
      /* never cut an ASCII word in two */
      if (i + l < chunk.length && ASCII.test(chunk[i + l - 1]) && ASCII.test(chunk[i + l]))
        continue
      if (index.termId.has(chunk.substr(i, l))) {
        found = l
        break
      }
    }
    if (found) {
      out.push({ text: chunk.substr(i, found), known: true, prefix: false })
      i += found
      continue
    }
    /* punctuation that is not part of a known term separates words */
    if (!/[\p{L}\p{N}]/u.test(chunk[i])) {
      i++
      continue
    }
    const m = /^[a-z0-9]+/.exec(chunk.slice(i))
    const len = m ? m[0].length : (chunk.codePointAt(i) > 0xFFFF ? 2 : 1)
    const text = chunk.substr(i, len)
    const prev = out[out.length - 1]
    /* characters next to each other that no indexed word holds are one word the reader typed
       (一网通办 in pages that only have 一…, 网…, 通…, 办…): it must start an indexed word as a whole,
       so pages that merely share its characters are not results */
    if (!m && prev && !prev.known && !ASCII.test(prev.text))
      prev.text += text
    else
      out.push({ text, known: false, prefix: true })
    i += len
  }
  return out
}

function analyse(query, simplify) {
  const typing = !/\s$/.test(query)
  const tokens = []
  for (const chunk of normalize(query, simplify).split(/\s+/u))
    if (chunk)
      tokens.push(...segment(chunk))
  let kept = tokens.filter(t => t.known || !index.stop.has(t.text))
  if (!kept.length)
    kept = tokens
  if (typing && kept.length)
    kept[kept.length - 1].prefix = true
  return kept
}

function postings(id) {
  let p = index.decoded.get(id)
  if (!p) {
    const raw = index.postings[id]
    const pages = new Int32Array(raw.length / 2), scores = new Float64Array(raw.length / 2)
    for (let i = 0, doc = 0; i < raw.length; i += 2) {
      doc += raw[i]
      pages[i / 2] = doc
      scores[i / 2] = raw[i + 1]
    }
    index.decoded.set(id, p = { pages, scores })
  }
  return p
}

/* vocabulary terms a token stands for: [term id, factor] */
function expand(token) {
  const out = []
  if (token.known)
    out.push([index.termId.get(token.text), 1])
  if (token.prefix) {
    const terms = index.terms
    let lo = 0, hi = terms.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (terms[mid] < token.text) lo = mid + 1
      else hi = mid
    }
    for (let i = lo; i < terms.length && out.length < PREFIX_LIMIT && terms[i].startsWith(token.text); i++)
      if (terms[i] !== token.text)
        out.push([i, PREFIX_FACTOR])
  }
  return out
}

/* page -> score for pages that match every token */
function match(tokens) {
  let result = null
  for (const token of tokens) {
    const scores = new Map()
    for (const [id, factor] of expand(token)) {
      const { pages, scores: s } = postings(id)
      for (let i = 0; i < pages.length; i++) {
        const v = s[i] * factor
        if (!(scores.get(pages[i]) >= v))
          scores.set(pages[i], v)
      }
    }
    if (result === null) {
      result = scores
    } else {
      const next = new Map()
      for (const [page, v] of result)
        if (scores.has(page))
          next.set(page, v + scores.get(page))
      result = next
    }
    if (!result.size)
      break
  }
  return result || new Map()
}

/* ------------------------------------------------------------------------ */

function escapeHTML(text) {
  return text.replace(/[&<>"]/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c])
}

function normOf(i, part) {
  const key = `${i}:${part}`
  let n = index.norm.get(key)
  if (n === undefined)
    index.norm.set(key, n = normalize(index.docs[i][part]))
  return n
}

function ranges(norm, needles) {
  const out = []
  for (const needle of needles)
    for (let at = norm.indexOf(needle); at >= 0; at = norm.indexOf(needle, at + needle.length))
      out.push([at, at + needle.length])
  out.sort((a, b) => a[0] - b[0])
  const merged = []
  for (const r of out)
    if (merged.length && r[0] <= merged[merged.length - 1][1])
      merged[merged.length - 1][1] = Math.max(merged[merged.length - 1][1], r[1])
    else
      merged.push(r)
  return merged
}

function mark(text, found, from = 0, to = text.length) {
  let html = "", at = from
  for (const [a, b] of found) {
    if (b <= from || a >= to) continue
    const s = Math.max(a, from), e = Math.min(b, to)
    html += escapeHTML(text.slice(at, s)) + "<mark data-md-highlight>" + escapeHTML(text.slice(s, e)) + "</mark>"
    at = e
  }
  return html + escapeHTML(text.slice(at, to))
}

/* the metadata fields (keyword, speaker, topic ...) a page matched in, each value highlighted:
   a page found through its metadata says why, even when its text does not show the word */
const FIELDS_SHOWN = 4
function fields(meta, needles) {
  if (!meta)
    return ""
  const shown = []
  for (const [label, value] of meta) {
    const found = ranges(normalize(value), needles)
    if (found.length)
      shown.push(`<span class="kb-search-field" data-field="${escapeHTML(label)}">${escapeHTML(label)}：${mark(value, found)}</span>`)
    if (shown.length >= FIELDS_SHOWN)
      break
  }
  return shown.length ? `<p class="kb-search-fields">${shown.join(" · ")}</p>` : ""
}

/* teaser: up to two paragraphs with matches, cut around the first one */
function teaser(i, needles) {
  const text = index.docs[i][2], norm = normOf(i, 2)
  if (!text)
    return { html: "", hits: 0 }
  const found = ranges(norm, needles)
  const blocks = []
  let start = 0
  for (const block of text.split("\n")) {
    blocks.push([start, start + block.length])
    start += block.length + 1
  }
  const chosen = blocks.filter(([a, b]) => found.some(([x, y]) => x < b && y > a)).slice(0, 2)
  const parts = (chosen.length ? chosen : blocks.slice(0, 1)).map(([a, b]) => {
    const first = found.find(([x, y]) => x < b && y > a)
    const from = first ? Math.max(a, first[0] - 40) : a
    const to = Math.min(b, from + 160)
    return `<p>${from > a ? "…" : ""}${mark(text, found, from, to)}${to < b ? "…" : ""}</p>`
  })
  return { html: parts.join(""), hits: found.length }
}

function search(query) {
  /* as typed, and in simplified characters when that differs */
  const variants = [false]
  if (normalize(query, true) !== normalize(query, false))
    variants.push(true)
  /* only the tokens of a reading that found pages are highlighted and completed:
     数字孿生 read as typed is 數|字|孿|生, whose lone 生 must not light up every 生 */
  const best = new Map(), tokensUsed = []
  let lastUsed
  const run = (tokens, factor) => {
    const found = match(tokens)
    if (!found.size)
      return
    tokensUsed.push(...tokens)
    for (const [page, score] of found)
      if (!(best.get(page) >= score * factor))
        best.set(page, score * factor)
  }
  for (const simplify of variants) {
    const tokens = analyse(query, simplify)
    if (!tokens.length)
      continue
    const before = tokensUsed.length
    run(tokens, 1)
    if (tokensUsed.length > before)
      lastUsed = tokens[tokens.length - 1]
    /* while typing, the last word may be the start of one long term (一网统 -> 一网统管):
       try it whole as a prefix too, worth as much as the pieces it replaces */
    const chunks = normalize(query, simplify).split(/\s+/)
    const last = /\s$/.test(query) ? "" : chunks.pop().replace(/[^\p{L}\p{N}]+$/u, "")
    const pieces = last ? segment(last).length : 0
    if (pieces > 1 && !last.match(/[^\p{L}\p{N}]/u)) {
      const head = chunks.length ? analyse(chunks.join(" ") + " ", simplify) : []
      run([...head, { text: last, known: index.termId.has(last), prefix: true }], pieces)
    }
  }
  const needles = [...new Set(tokensUsed.map(t => t.text))]
  const terms = Object.fromEntries(needles.map(n => [n, true]))
  const ranked = [...best].sort((a, b) => b[1] - a[1] || a[0] - b[0])
  const items = ranked.map(([page, score], rank) => {
    const docs = index.pages[page]
    const head = index.docs[docs[0]]
    const article = {
      location: head[0], title: escapeHTML(head[1]), text: "", score, terms,
      ...head[3] && head[3].length && { tags: head[3] }
    }
    if (rank >= DETAILED)
      return [article]
    article.title = mark(head[1], ranges(normOf(docs[0], 1), needles))
    const own = teaser(docs[0], needles)
    article.text = own.html + fields(head[4], needles)
    const sections = docs.slice(1).map(i => {
      const doc = index.docs[i]
      const titleHits = ranges(normOf(i, 1), needles)
      const t = teaser(i, needles)
      return {
        location: doc[0], title: mark(doc[1], titleHits), text: t.html, terms,
        hits: t.hits + 3 * titleHits.length
      }
    }).filter(s => s.hits > 0).sort((a, b) => b.hits - a.hits)
    if (sections.length) {
      const top = sections[0].hits
      sections.forEach((s, k) => {
        s.score = k === 0 && top > own.hits ? score : score * 0.99 * s.hits / (top + 1)
        delete s.hits
      })
    }
    return [article, ...sections]
  })
  let suggest
  const last = lastUsed
  if (last && last.prefix) {
    let completion = "", df = -1
    for (const [id] of expand(last)) {
      const n = index.postings[id].length
      if (index.terms[id].length > last.text.length && n > df)
        [completion, df] = [index.terms[id], n]
    }
    const word = query.split(/[\s-]+/).pop()
    if (completion && word.toLowerCase().endsWith(last.text))
      suggest = [word.slice(0, word.length - last.text.length) + completion]
  }
  return { items, ...(suggest ? { suggest } : { suggest: [] }) }
}

addEventListener("message", async ev => {
  const message = ev.data
  switch (message.type) {
    case SETUP:
      index = await loading
      postMessage({ type: READY })
      break
    case QUERY:
      try {
        postMessage({ type: RESULT, data: index ? search(message.data) : { items: [] } })
      } catch (err) {
        console.warn(`urbankb search: query failed: ${message.data}`, err)
        postMessage({ type: RESULT, data: { items: [] } })
      }
      break
  }
})
