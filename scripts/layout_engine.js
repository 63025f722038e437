// Pagination engine for scripts/typeset_layouts.py (runs in Chromium via Playwright).
//
// The document spec (built in Python) gives page templates (static HTML: mastheads, running
// heads, page numbers), the boxes of page 1 and the flow frame of every later page, and the
// items to pour (headline groups, paragraphs, section heads, photos with captions, name cards).
// Items are poured into fixed-size frames (CSS multi-column, column-fill: auto); an item that
// does not fit is moved on, a paragraph is split at the last character that still fits
// (binary search on its length, measured with getBoundingClientRect).  After layout every
// paragraph's line boxes (Range.getClientRects) say which frames and columns it occupies;
// more than one means the paragraph was cut by a column or page break.
(spec) => {
  const MM = 96 / 25.4;
  const book = document.getElementById("book");
  let pageNo = 0;
  let placedOn = {}; // article index -> page of its headline

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function newPage() {
    pageNo += 1;
    const tpl = spec.pages[Math.min(pageNo, spec.pages.length) - 1];
    const page = el("div", "page");
    page.dataset.page = String(pageNo);
    page.innerHTML = tpl.html.replaceAll("{PAGE}", String(pageNo)).replaceAll("{PAGE2}", String(pageNo).padStart(2, "0"));
    book.appendChild(page);
    return { page, tpl };
  }

  function frameAt(page, r, cols, cls) {
    const f = el("div", "frame " + (cls || ""));
    f.style.left = r.x + "mm";
    f.style.top = r.y + "mm";
    f.style.width = r.w + "mm";
    f.style.height = r.h + "mm";
    if (cols > 1) {
      f.style.columnCount = String(cols);
      f.style.columnGap = spec.gap + "mm";
      f.style.columnFill = "auto";
    }
    f.dataset.cols = String(cols);
    page.appendChild(f);
    return f;
  }

  function make(item) {
    let e;
    if (item.t === "head") {
      e = el("div", "head " + (item.cls || ""));
      if (item.kicker) e.appendChild(el("div", "kicker", item.kicker));
      e.appendChild(el("div", "title", item.title));
      if (item.subtitle) e.appendChild(el("div", "subtitle", item.subtitle));
    } else if (item.t === "p" || item.t === "h") {
      e = el("p", item.t === "h" ? "sechead" : item.cont ? "para cont" : "para", item.text);
      e.dataset.pid = item.pid;
    } else if (item.t === "photo") {
      e = el("div", "figure " + (item.side ? "side" : ""));
      const box = el("div", "photo");
      box.style.height = item.h + "mm";
      e.appendChild(box);
      e.appendChild(el("div", "cap", item.caption));
    } else if (item.t === "card") {
      e = el("div", "card " + (item.cls || ""));
      item.lines.forEach((l, i) => e.appendChild(el("div", i === 0 ? "cardname" : "cardaff", l)));
    } else if (item.t === "jump" || item.t === "cont") {
      e = el("div", "lay jump " + item.t, item.text);
    }
    if (item.art !== undefined) e.dataset.art = String(item.art);
    e.__item = item; // for the orphan rule in fill()
    return e;
  }

  function fits(frame, e) {
    const fr = frame.getBoundingClientRect();
    const r = e.getBoundingClientRect();
    return r.right <= fr.right + 0.5 && r.bottom <= fr.bottom + 0.5 && r.height > 0;
  }

  // Pour items from the head of queue into frame; tail (an element) is kept last while measuring.
  function fill(frame, queue, tail) {
    let placed = 0;
    if (tail) frame.appendChild(tail);
    const last = () => (tail ? tail : frame.lastElementChild);
    while (queue.length) {
      const item = queue[0];
      const e = make(item);
      frame.insertBefore(e, tail || null);
      if (fits(frame, last())) {
        queue.shift();
        placed += 1;
        if (item.t === "head" && placedOn[item.art] === undefined) placedOn[item.art] = pageNo;
        continue;
      }
      const next = queue[1];
      if (item.t === "photo" && placed > 0 && next && next.t === "p" && next.art === item.art) {
        // a photo that does not fit floats on: the text after it goes first
        e.remove();
        queue[0] = next;
        queue[1] = item;
        continue;
      }
      if (item.t === "p") {
        let lo = 0;
        let hi = item.text.length - 1;
        while (lo < hi) {
          const mid = Math.ceil((lo + hi) / 2);
          e.textContent = item.text.slice(0, mid);
          if (fits(frame, last())) lo = mid;
          else hi = mid - 1;
        }
        if (lo >= 8 || (placed === 0 && lo >= 1)) {
          e.textContent = item.text.slice(0, lo);
          queue[0] = Object.assign({}, item, { text: item.text.slice(lo), cont: true });
          placed += 1;
          break;
        }
      } else if (placed === 0) {
        queue.shift(); // too big for an empty frame: place it anyway
        placed += 1;
        if (item.t === "head" && placedOn[item.art] === undefined) placedOn[item.art] = pageNo;
        break;
      }
      e.remove();
      break;
    }
    // no headline group or name card left alone at the foot of a frame
    while (true) {
      const kids = [...frame.children].filter((k) => k !== tail);
      const end = kids[kids.length - 1];
      if (!end || kids.length < 2 || !(end.classList.contains("head") || end.classList.contains("card"))) break;
      const item = end.__item;
      if (!item) break;
      end.remove();
      queue.unshift(item);
      if (item.t === "head" && placedOn[item.art] === pageNo) delete placedOn[item.art];
    }
    return placed;
  }

  function jumpNeeded(queue) {
    return queue.length > 0 && queue[0].t !== "head";
  }

  function pad(n) {
    return String(n).padStart(2, "0");
  }

  function jumpText(fmt, n) {
    return fmt.replace("{N}", pad(n)).replace("{n}", String(n));
  }

  const deferred = [];
  // page 1 boxes (newspaper): each holds one article, its headline across the box
  let queue = [];
  const first = newPage();
  for (const box of first.tpl.boxes || []) {
    if (box.role === "contents") {
      const c = frameAt(first.page, box, 1, "contents");
      c.id = "contents";
      continue;
    }
    const art = spec.articles[box.art];
    const holder = frameAt(first.page, box, 1, "boxhead");
    holder.style.height = "auto";
    const head = make(art.head);
    head.classList.add("boxtitle");
    holder.appendChild(head);
    placedOn[box.art] = 1;
    const used = holder.getBoundingClientRect().height / MM + 2;
    const body = frameAt(first.page, { x: box.x, y: box.y + used, w: box.w, h: box.h - used }, box.cols, "body");
    const q = art.body.slice();
    const tail = make({ t: "jump", text: jumpText(spec.jumpTo, 2) });
    fill(body, q, tail);
    if (q.length) deferred.push({ t: "cont", text: jumpText(spec.jumpFrom, 1) }, ...q);
    else tail.remove();
  }
  let rest = [].concat(...spec.flow.map((i) => spec.articles[i].items));
  let page = first;
  let guard = 0;
  const pourPage = (queue) => {
    const f = page.tpl.frame;
    const frame = frameAt(page.page, f, f.cols, "body");
    const tail = spec.jumps ? make({ t: "jump", text: jumpText(spec.jumpTo, pageNo + 1) }) : null;
    fill(frame, queue, tail);
    if (tail) {
      if (jumpNeeded(queue)) queue.unshift({ t: "cont", text: jumpText(spec.jumpFrom, pageNo) });
      else tail.remove();
    }
  };
  if (first.tpl.frame) pourPage(rest); // page 1's own flow frame takes no jumped text
  queue = deferred.concat(rest);
  while (queue.length && guard++ < 40) {
    page = newPage();
    pourPage(queue);
  }
  if (queue.length) throw new Error("content left over after 40 pages");

  // contents box: the articles that start on a later page
  const contents = document.getElementById("contents");
  if (contents) {
    contents.appendChild(el("div", "lay contentshead", spec.contentsTitle));
    for (const i of spec.flow) {
      const line = jumpText(spec.contentsEntry.replace("{TITLE}", spec.articles[i].head.title), placedOn[i]);
      contents.appendChild(el("div", "lay contentsline", line));
    }
  }

  // which frame and column every paragraph's lines sit in
  const where = {};
  for (const p of document.querySelectorAll("[data-pid]")) {
    const frame = p.closest(".frame");
    const fr = frame.getBoundingClientRect();
    const cols = Number(frame.dataset.cols);
    const style = getComputedStyle(frame);
    const gap = cols > 1 ? parseFloat(style.columnGap) : 0;
    const pitch = (fr.width + gap) / cols;
    const range = document.createRange();
    range.selectNodeContents(p);
    const keys = where[p.dataset.pid] || (where[p.dataset.pid] = new Set());
    for (const r of range.getClientRects()) {
      if (r.width < 0.5) continue;
      const col = Math.floor((r.left - fr.left + 1) / pitch);
      keys.add(p.closest(".page").dataset.page + "/" + [...frame.parentNode.children].indexOf(frame) + "/" + col);
    }
  }
  const cut = Object.keys(where).filter((k) => where[k].size > 1);
  const layout = [...document.querySelectorAll(".lay")].map((e) => e.textContent);
  const captions = [...document.querySelectorAll(".cap, .card")].map((e) =>
    e.classList.contains("card") ? [...e.children].map((c) => c.textContent).join(" ") : e.textContent,
  );
  return { pages: pageNo, cut, layout, captions, placedOn };
};
