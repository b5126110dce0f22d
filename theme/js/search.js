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
  var index = null;
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
      files[name] = fetch(new URL(name, base)).then(function (r) {
        if (!r.ok) throw new Error(name + ": " + r.status);
        return r.json();
      });
      files[name].catch(function () { delete files[name]; });
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

  // Every word must be there (else as many as possible); then words in the title, phrases
  // as typed, and words with the diacritics typed rank higher; newer first among equals.
  function rank(query, shards, cats) {
    var qs = query.map(function (w) { return {word: w, key: fold(w), shard: shards[shardOf(fold(w))]}; });
    var n = index.n, found = new Uint8Array(n), score = new Float64Array(n);
    qs.forEach(function (q, i) {
      var forms = own(q.shard.w, q.key), any = union(forms), title = decode(own(q.shard.t, q.key));
      var typed = q.word !== q.key && forms ? decode(own(forms, exact(q.word))) : null;
      var next = qs[i + 1], pair = next ? decode(own(q.shard.p, q.key + " " + next.key)) : null;
      for (var d = 0; d < n; d++) {
        if (!any[d]) continue;
        found[d]++;
        score[d] += 8 * title[d] + (typed ? 3 * typed[d] : 0) + (pair ? 4 * pair[d] : 0);
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

  function showMore(keys, mine) {
    var batch = hits.slice(shown, shown + PAGE);
    shown += batch.length;
    more.hidden = shown >= hits.length;
    return Promise.all(batch.map(function (d) {
      return get("d" + Math.floor(d / index.chunk) + ".json").then(function (rows) {
        return rows[d % index.chunk];
      });
    })).then(function (rows) {
      if (mine !== token) return;  // a newer query has started: its rows, not these
      rows.forEach(function (row) { list.appendChild(render(row, keys)); });
    });
  }

  var lastKeys = [];
  function search(text) {
    var mine = ++token, query = words(text).slice(0, MAX_WORDS);
    list.textContent = "";
    more.hidden = true;
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
      hits = query.length ? rank(query, shards, loaded[1]) : [];
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
  if (query) search(query).catch(fail);
  more.addEventListener("click", function () { showMore(lastKeys, token).catch(fail); });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    guessed = false;  // the next query may guess again
    var q = input.value.normalize("NFC").trim();
    var url = new URL(location.href);
    url.searchParams.set("q", q);
    ["chuyen-muc", "nam"].forEach(function (k, i) {
      var v = [catSel, yearSel][i].value;
      if (v) url.searchParams.set(k, v); else url.searchParams.delete(k);
    });
    history.replaceState(null, "", url);
    if (q) search(q).catch(fail);
  });
  // While the reader types, fetch what the query will need: the file of each word
  // finished so far, and of the word being typed once its first letters choose it
  // (every word it may become is in that file), so that Enter waits for little.
  // Once the finished words' files are in, also the file of the results they lead to,
  // when those all lie in one file: the last word seldom changes the first results
  // (newer first among equals), and Enter then waits for no second round trip. One
  // such guess per query, so that a wrong one costs one request at most.
  var guessed = false;
  function guessResults(done) {
    if (guessed || !done.length || catSel.value) return;
    var names = done.map(function (w) { return shardOf(fold(w)); });
    Promise.all(names.map(get)).then(function (loaded) {
      var shards = {};
      names.forEach(function (name, i) { shards[name] = loaded[i]; });
      var chunks = {};
      rank(done, shards, "").slice(0, PAGE).forEach(function (d) {
        chunks["d" + Math.floor(d / index.chunk) + ".json"] = true;
      });
      var wanted = Object.keys(chunks);
      if (guessed || wanted.length !== 1 || files[wanted[0]]) return;
      guessed = true;
      get(wanted[0]).catch(function () {});
    }).catch(function () {});
  }
  input.addEventListener("input", function () {
    if (!index) return;
    var typed = words(input.value).slice(0, MAX_WORDS);
    var last = /[\p{L}\p{N}]$/u.test(input.value) ? typed.pop() : null;
    var done = typed.slice();
    if (last && fold(last).length >= index.prefix) typed.push(last);
    typed.forEach(function (w) { get(shardOf(fold(w))).catch(function () {}); });
    guessResults(done);
  });
  [catSel, yearSel].forEach(function (s) {
    s.addEventListener("change", function () {
      if (input.value.trim()) search(input.value.normalize("NFC").trim()).catch(fail);
    });
  });
})();
