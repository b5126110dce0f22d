// On the 404 page: an address of an old portal (moved here by invoke import-legacy)
// that no file answers, e.g. one with a query string, is looked up in the table the
// build wrote (bantin/plugins/legacy.py) and the reader goes on to the article.
(function () {
  var box = document.getElementById("lien-ket-cu");
  if (!box) return;
  var files = parseInt(box.getAttribute("data-files"), 10);
  if (!(files > 0)) return;
  var base = new URL(box.getAttribute("data-table"), document.baseURI);
  // As Python's urllib.parse.unquote: %XX are bytes, read as UTF-8 (U+FFFD where not).
  var utf8 = new TextDecoder("utf-8"), encoder = new TextEncoder();
  function decode(text) {
    var bytes = [], parts = text.split(/(%[0-9A-Fa-f]{2})/);
    parts.forEach(function (part) {
      if (/^%[0-9A-Fa-f]{2}$/.test(part)) bytes.push(parseInt(part.slice(1), 16));
      else encoder.encode(part).forEach(function (b) { bytes.push(b); });
    });
    return utf8.decode(new Uint8Array(bytes));
  }
  // As bantin.core.addresses.address_key: path and query decoded ("+" is a space in the
  // query only), the query's parameters sorted.
  function key(path, search) {
    var params = search.replace(/^\?/, "").split("&").filter(Boolean).sort();
    var query = params.map(function (p) { return decode(p.replace(/\+/g, " ")); }).join("&");
    path = decode(path) || "/";
    return query ? path + "?" + query : path;
  }
  function fnv(text) {
    var h = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    return h;
  }
  function own(table, name) {
    return Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
  }
  var wanted = key(location.pathname, location.search);
  fetch(new URL(fnv(wanted) % files + ".json", base)).then(function (r) {
    return r.ok ? r.json() : {};
  }).then(function (table) {
    var found = own(table, location.host.toLowerCase() + wanted) || own(table, wanted);
    if (typeof found !== "string") return;
    var target = new URL(found, new URL(box.getAttribute("data-root"), document.baseURI));
    // Only ever to a page of this site.
    if (target.origin === location.origin) location.replace(target.href);
  }).catch(function () {});
})();
