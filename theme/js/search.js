// Static search over the index of bantin/core/searchindex.py, for how Vietnamese is typed:
// with or without tone marks, "đ" as "d", either tone placement ("hoà"/"hòa"), NFD input.
// Each word reads one small file of the index; the results read one file per few results.
(function () {
  var root = document.getElementById("tim-kiem");
  if (!root) return;
  var form = root.querySelector(".search__form");
  var input = root.querySelector(".search__input");
  var catSel = root.querySelector(".search__category");
  var yearSel = root.querySelector(".search__year");
  var status = root.querySelector(".search__status");
  var list = root.querySelector(".search__results");
  var more = root.querySelector(".search__more");
  var PAGE = 5, MAX_WORDS = 8, hits = [], shown = 0, token = 0, files = {};
  var index = null, ready = {};
  // Index files asked for the query being typed (its words' and its results' files) and
  // how many of them were results' files fetched ahead on a guess: no guess once the
  // query has asked for BUDGET files (the script's own request aside), and at most AHEAD
  // guesses, which a next word may prove wrong (one for the first word alone). The query
  // last searched.
  var BUDGET = 7, AHEAD = 3, asked = 0, ahead = 0, submitted = null;
  try { index = JSON.parse(root.getAttribute("data-index") || "null"); } catch (e) { index = null; }
  var base = index && new URL(root.getAttribute("data-bundle") + index.v + "/", document.baseURI);
  var site = new URL(root.getAttribute("data-root"), document.baseURI);
  // Combining tone marks (huyền, sắc, ngã, hỏi, nặng) -> the digit the index puts last.
  var TONES = {"\u0300": "2", "\u0301": "1", "\u0303": "4", "\u0309": "3", "\u0323": "5"};

  function words(text) {
    // Characters beyond the BMP split words, as in the index.
    return text.normalize("NFC").toLowerCase().replace(/[\uD800-\uDFFF]+/g, " ")
      .match(/[\p{L}\p{N}]+/gu) || [];
  }
  function fold(word) {
    return word.replace(/[đð]/g, "d").normalize("NFD").replace(/\p{M}/gu, "").normalize("NFC");
  }
  function exact(word) {
    var tone = "", kept = "";
    for (var ch of word.normalize("NFD")) {
      if (TONES[ch]) tone = TONES[ch]; else kept += ch;
    }
    return kept.normalize("NFC") + tone;
  }
  // Is the last word still being typed (no space or punctuation after it)?
  function begun(text) {
    return /[\p{L}\p{N}]$/u.test(text.normalize("NFC"));
  }
  function fnv(key) {
    var h = 0x811c9dc5;
    for (var i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
    return h;
  }
  // The shard of a folded syllable: by its first letters, as the index chose it, so a
  // half-typed word's file is known after index.prefix letters.
  function shardOf(key) {
    return "k" + fnv(key.slice(0, index.prefix)) % index.shards + ".json";
  }
  function get(name) {
    if (!files[name]) {
      asked++;
      files[name] = fetch(new URL(name, base)).then(function (r) {
        if (!r.ok) throw new Error(name + ": " + r.status);
        return r.json();
      });
      files[name].then(function (json) {
        ready[name] = json;
        if (name.charAt(0) === "k") anticipateSoon();
      }, function () { delete files[name]; });
    }
    return files[name];
  }
  // An article set: "~" + base64 bitmap, or base-36 gaps. Returned as one flag per article.
  function decode(text) {
    var flags = new Uint8Array(index.n);
    if (!text) return flags;
    if (text.charAt(0) === "~") {
      var bin = atob(text.slice(1).replace(/-/g, "+").replace(/_/g, "/"));
      for (var i = 0; i < bin.length; i++) {
        var byte = bin.charCodeAt(i);
        for (var k = 0; byte; k++, byte >>= 1) if (byte & 1) flags[i * 8 + k] = 1;
      }
    } else {
      var at = 0;
      text.split(",").forEach(function (gap) { at += parseInt(gap, 36); flags[at] = 1; });
    }
    return flags;
  }
  // Index objects are plain JSON objects: look up own keys only ("constructor" is a word).
  function own(object, key) {
    return object && Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
  }
  function union(forms) {
    var flags = new Uint8Array(index.n);
    Object.keys(forms || {}).forEach(function (f) {
      var one = decode(forms[f]);
      for (var i = 0; i < one.length; i++) flags[i] |= one[i];
    });
    return flags;
  }

  // What a word of a query selects, from its shard: the articles with it, with it in the
  // title, with the form typed (when typed with diacritics), and with it followed by the
  // next word (``next``, folded) in the title.
  function pick(word, shard, next) {
    var key = fold(word), forms = own(shard.w, key);
    return {any: union(forms), title: decode(own(shard.t, key)),
            typed: word !== key && forms ? decode(own(forms, exact(word))) : null,
            pair: next ? decode(own(shard.p, key + " " + next)) : null};
  }
  function selections(query, shards) {
    var keys = query.map(fold);
    return query.map(function (word, i) { return pick(word, shards[shardOf(keys[i])], keys[i + 1]); });
  }

  // Every word must be there (else as many as possible); then words in the title, phrases
  // as typed, and words with the diacritics typed rank higher; newer first among equals.
  function rank(picks, cats) {
    var n = index.n, found = new Uint8Array(n), score = new Float64Array(n);
    picks.forEach(function (p) {
      for (var d = 0; d < n; d++) {
        if (!p.any[d]) continue;
        found[d]++;
        score[d] += 8 * p.title[d] + (p.typed ? 3 * p.typed[d] : 0) + (p.pair ? 4 * p.pair[d] : 0);
      }
    });
    var need = 0;
    for (var d = 0; d < n; d++) if (found[d] > need) need = found[d];
    var span = yearSel.value ? index.years[yearSel.value] || [0, -1] : [0, n - 1];
    var cat = catSel.value ? index.categories.indexOf(catSel.value) : -1, width = index.category_width;
    var out = [];
    for (d = span[0]; d <= span[1]; d++) {
      if (!need || found[d] < need) continue;
      if (cat >= 0 && parseInt(cats.substr(d * width, width), 36) !== cat) continue;
      out.push(d);
    }
    return out.sort(function (a, b) { return score[b] - score[a] || a - b; });
  }
  function chunkOf(d) { return "d" + Math.floor(d / index.chunk) + ".json"; }

  // Title or snippet as text, with the words of the query marked (no HTML from the index).
  function appendMarked(el, text, keys) {
    var re = /[\p{L}\p{N}]+/gu, at = 0, m;
    while ((m = re.exec(text))) {
      if (keys.indexOf(fold(m[0].toLowerCase())) < 0) continue;
      el.appendChild(document.createTextNode(text.slice(at, m.index)));
      var mark = document.createElement("mark");
      mark.textContent = m[0];
      el.appendChild(mark);
      at = m.index + m[0].length;
    }
    el.appendChild(document.createTextNode(text.slice(at)));
  }

  function render(row, keys) {
    var li = document.createElement("li");
    li.className = "search__result";
    var h = document.createElement("h2");
    var a = document.createElement("a");
    var href = new URL(row[0], site);
    // Addresses come from our own slugs; only the site's own pages are ever linked.
    if (href.origin === site.origin && /^https?:$/.test(href.protocol)) a.href = href.href;
    appendMarked(a, row[1], keys);
    h.appendChild(a);
    var meta = document.createElement("p");
    meta.className = "meta";
    meta.textContent = [row[2], index.categories[row[3]]].filter(Boolean).join(" | ");
    var ex = document.createElement("p");
    ex.className = "search__excerpt";
    appendMarked(ex, row[4], keys);
    li.appendChild(h);
    li.appendChild(meta);
    li.appendChild(ex);
    return li;
  }

  // Each result as soon as it and those above it are in: the first ones often come from
  // a file fetched ahead while the others' files are still on their way. One chain a
  // query (``tail``), so that "more" results follow those above them.
  var tail = Promise.resolve();
  function showMore(keys, mine) {
    var batch = hits.slice(shown, shown + PAGE);
    shown += batch.length;
    more.hidden = true;
    batch.forEach(function (d) {
      var row = get(chunkOf(d)).then(function (rows) { return rows[d % index.chunk]; });
      tail = tail.then(function () { return row; }).then(function (r) {
        if (mine === token) list.appendChild(render(r, keys));  // else a newer query's turn
      });
    });
    return tail.then(function () {
      if (mine === token) more.hidden = shown >= hits.length;
    });
  }

  var lastKeys = [];
  function search(text) {
    var mine = ++token, query = words(text).slice(0, MAX_WORDS);
    list.textContent = "";
    status.textContent = "";
    more.hidden = true;
    tail = Promise.resolve();
    if (!index) return Promise.reject(new Error("no index"));
    var keys = query.map(fold), needed = {};
    keys.forEach(function (k) { needed[shardOf(k)] = true; });
    var loads = Object.keys(needed).map(function (s) {
      return get(s).then(function (shard) { return [s, shard]; });
    });
    var cats = catSel.value ? get("c.json") : Promise.resolve("");
    return Promise.all([Promise.all(loads), cats]).then(function (loaded) {
      if (mine !== token) return;
      var shards = {};
      loaded[0].forEach(function (pair) { shards[pair[0]] = pair[1]; });
      hits = query.length ? rank(selections(query, shards), loaded[1]) : [];
      shown = 0;
      lastKeys = keys;
      return showMore(keys, mine).then(function () {
        if (mine !== token) return;
        status.textContent = hits.length ? root.getAttribute("data-count")
          .split("{count}").join(hits.length).split("{query}").join(text)
          : root.getAttribute("data-none");
      });
    });
  }

  function fail() { status.textContent = root.getAttribute("data-error"); }
  var params = new URLSearchParams(location.search);
  var query = (params.get("q") || "").normalize("NFC").trim();
  input.value = query;
  catSel.value = params.get("chuyen-muc") || "";
  yearSel.value = params.get("nam") || "";
  if (query) {
    submitted = query;
    search(query).catch(fail);
  }
  more.addEventListener("click", function () { showMore(lastKeys, token).catch(fail); });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var q = input.value.normalize("NFC").trim();
    submitted = q;
    var url = new URL(location.href);
    url.searchParams.set("q", q);
    ["chuyen-muc", "nam"].forEach(function (k, i) {
      var v = [catSel, yearSel][i].value;
      if (v) url.searchParams.set(k, v); else url.searchParams.delete(k);
    });
    history.replaceState(null, "", url);
    if (q) search(q).catch(fail);
  });
  // While the reader types, fetch what Enter will need, so that it waits for little: the
  // file of each word finished so far, and of the word being typed once its first letters
  // choose it (every word it may become is in that file); and, from the files already in,
  // the results' files of the query as it stands (``anticipate``).
  // The articles with the titles' phrase ``start`` ("gia thuy"), or any phrase it begins
  // when its last word is ``begun``; null when there is none.
  function phrases(pairs, start, begun) {
    var chosen = {}, found = false;
    Object.keys(pairs).forEach(function (pair) {
      if (pair === start || (begun && pair.lastIndexOf(start, 0) === 0)) {
        chosen[pair] = pairs[pair];
        found = true;
      }
    });
    return found ? union(chosen) : null;
  }
  // Does some longer word start with ``key``? A word being typed may still become it
  // ("quy" → "quyền"); the words of its file are all those it may become.
  function extended(shardWords, key) {
    return Object.keys(shardWords).some(function (w) {
      return w.length > key.length && w.lastIndexOf(key, 0) === 0;
    });
  }
  // The query as typed so far (``begun``: its last word is still being typed), as Enter
  // would rank it, from the files already in. A word whose file is not in, or that is
  // still being typed and may become a longer one, is foreseen from the titles' phrases
  // in the file of the word before it; if that is not in either, it is left out.
  function foresee(query, begun) {
    var keys = query.map(fold), picks = [];
    keys.forEach(function (key, i) {
      var last = begun && i === keys.length - 1;
      var shard = (!last || key.length >= index.prefix) && ready[shardOf(key)];
      if (shard && own(shard.w, key) && !(last && extended(shard.w, key))) {
        picks[i] = pick(query[i], shard, keys[i + 1]);
        return;
      }
      var before = i > 0 && ready[shardOf(keys[i - 1])];
      var flags = before && phrases(before.p, keys[i - 1] + " " + key, last);
      if (!flags) return;
      if (picks[i - 1]) picks[i - 1].pair = flags;
      picks[i] = {any: flags, title: flags, typed: null, pair: null};
    });
    return picks.filter(Boolean);
  }
  // The results' files of the query as it stands, ranked as Enter would rank it; also
  // after Enter, while some of its words' files are still on their way. For the first
  // word alone while the reader types, one file at most: the next word often changes them.
  function anticipate() {
    var text = input.value.normalize("NFC").trim();
    if (!index || catSel.value || !text) return;
    var typing = text !== submitted;
    if (asked >= BUDGET || ahead >= AHEAD) return;  // no ranking for nothing
    var picks = foresee(words(text).slice(0, MAX_WORDS), typing && begun(input.value));
    if (!picks.length) return;
    var wanted = {};
    rank(picks, "").slice(0, PAGE).forEach(function (d) {
      if (!files[chunkOf(d)]) wanted[chunkOf(d)] = true;
    });
    var names = Object.keys(wanted), alone = typing && picks.length < 2;
    if (!names.length || asked + names.length > BUDGET || ahead + names.length > AHEAD ||
        (alone && ahead + names.length > 1)) return;
    ahead += names.length;
    names.forEach(function (name) { get(name).catch(function () {}); });
  }
  // After the letter typed is on screen (ranking a large archive takes a phone a while),
  // once for any number of keys and files that came meanwhile.
  var pending = false;
  function anticipateSoon() {
    if (pending) return;
    pending = true;
    setTimeout(function () { pending = false; anticipate(); }, 0);
  }
  input.addEventListener("input", function () {
    if (!index) return;
    if (submitted !== null || !input.value.trim()) asked = ahead = 0;  // a new query
    submitted = null;
    var typed = words(input.value).slice(0, MAX_WORDS);
    var last = begun(input.value) ? typed.pop() : null;
    if (last && fold(last).length >= index.prefix) typed.push(last);
    typed.forEach(function (w) { get(shardOf(fold(w))).catch(function () {}); });
    anticipateSoon();
  });
  [catSel, yearSel].forEach(function (s) {
    s.addEventListener("change", function () {
      submitted = input.value.normalize("NFC").trim();
      if (submitted) search(submitted).catch(fail);
    });
  });
})();
