// Static search on Pagefind, tuned for how Vietnamese readers type.
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
  var PAGE = 10, pagefind = null, hits = [], shown = 0, token = 0;

  // "d" and "đ" only begin a Vietnamese syllable, and Pagefind folds tone marks but
  // not "đ" (it does not decompose): search every word both ways, keep the best score.
  function variants(query) {
    var out = [""];
    query.split(/\s+/).filter(Boolean).forEach(function (word) {
      var alts = [word], c = word.charAt(0), rest = word.slice(1);
      var swap = {d: "đ", D: "Đ", "đ": "d", "Đ": "D"}[c];
      if (swap) alts.push(swap + rest);
      var next = [];
      out.forEach(function (p) { alts.forEach(function (a) { next.push(p ? p + " " + a : a); }); });
      out = next.slice(0, 16);
    });
    return out;
  }

  function load() {
    if (!pagefind) {
      var bundle = new URL(root.getAttribute("data-bundle"), document.baseURI);
      pagefind = import(new URL("pagefind.js", bundle).href).then(function (pf) {
        // Result links relative to where the site lives (it may be a sub-folder).
        var base = new URL("../", bundle).pathname;
        return pf.options({excerptLength: 30, baseUrl: base}).then(function () {
          // A large site is indexed in shards; merge the others into this one.
          return fetch(new URL("shards.json", bundle)).then(function (r) { return r.ok ? r.json() : []; });
        }).then(function (shards) {
          return Promise.all(shards.map(function (s) { return pf.mergeIndex(new URL(s, new URL("../", bundle)).href); }));
        }).then(function () { return pf; });
      });
    }
    return pagefind;
  }

  // The excerpt is HTML from the index: keep its text and its <mark>s, never its markup
  // (parsed in an inert document, so nothing in it loads or runs).
  function appendExcerpt(el, html) {
    var doc = new DOMParser().parseFromString("<body>" + html, "text/html");
    doc.body.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        el.appendChild(mark);
      } else {
        el.appendChild(document.createTextNode(node.textContent));
      }
    });
  }

  function render(item) {
    var li = document.createElement("li");
    li.className = "search__result";
    var h = document.createElement("h2");
    var a = document.createElement("a");
    a.href = item.url;
    a.textContent = item.meta.title;
    h.appendChild(a);
    var meta = document.createElement("p");
    meta.className = "meta";
    meta.textContent = [item.meta.date, item.meta.category].filter(Boolean).join(" | ");
    var ex = document.createElement("p");
    ex.className = "search__excerpt";
    appendExcerpt(ex, item.excerpt);
    li.appendChild(h);
    li.appendChild(meta);
    li.appendChild(ex);
    return li;
  }

  function showMore() {
    var batch = hits.slice(shown, shown + PAGE);
    shown += batch.length;
    more.hidden = shown >= hits.length;
    return Promise.all(batch.map(function (h) { return h.data(); })).then(function (items) {
      items.forEach(function (item) { list.appendChild(render(item)); });
    });
  }

  function search(query) {
    var mine = ++token, filters = {};
    if (catSel.value) filters.category = catSel.value;
    if (yearSel.value) filters.year = yearSel.value;
    list.textContent = "";
    more.hidden = true;
    return load().then(function (pf) {
      return Promise.all(variants(query).map(function (v) {
        return pf.search(v, {filters: filters});
      }));
    }).then(function (searches) {
      if (mine !== token) return;
      var best = {};
      searches.forEach(function (s) {
        (s ? s.results : []).forEach(function (r) {
          if (!best[r.id] || best[r.id].score < r.score) best[r.id] = r;
        });
      });
      hits = Object.keys(best).map(function (k) { return best[k]; })
        .sort(function (x, y) { return y.score - x.score; });
      shown = 0;
      return showMore().then(function () {
        status.textContent = hits.length ? root.getAttribute("data-count")
          .replace("{count}", hits.length).replace("{query}", query) : root.getAttribute("data-none");
      });
    });
  }

  var params = new URLSearchParams(location.search);
  var query = (params.get("q") || "").normalize("NFC").trim();
  input.value = query;
  catSel.value = params.get("chuyen-muc") || "";
  yearSel.value = params.get("nam") || "";
  if (query) search(query).catch(function () { status.textContent = root.getAttribute("data-error"); });
  more.addEventListener("click", function () { showMore(); });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var q = input.value.normalize("NFC").trim();
    var url = new URL(location.href);
    url.searchParams.set("q", q);
    ["chuyen-muc", "nam"].forEach(function (k, i) {
      var v = [catSel, yearSel][i].value;
      if (v) url.searchParams.set(k, v); else url.searchParams.delete(k);
    });
    history.replaceState(null, "", url);
    if (q) search(q).catch(function () { status.textContent = root.getAttribute("data-error"); });
  });
  [catSel, yearSel].forEach(function (s) {
    s.addEventListener("change", function () { if (input.value.trim()) search(input.value.normalize("NFC").trim()); });
  });
})();
