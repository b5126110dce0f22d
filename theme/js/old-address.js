// On the 404 page: an address of an old portal (moved here by invoke import-legacy)
// that no file answers, e.g. one with a query string, is looked up in the table the
// build wrote (bantin/plugins/legacy.py) and the reader goes on to the article.
(function () {
  var box = document.getElementById("lien-ket-cu");
  if (!box) return;
  var files = parseInt(box.getAttribute("data-files"), 10);
  if (!(files > 0)) return;
  var base = new URL(box.getAttribute("data-table"), document.baseURI);
  function decode(text) {
    try { return decodeURIComponent(text.replace(/\+/g, " ")); } catch (e) { return text; }
  }
  // As bantin.legacy.mirror.address_key: path and query decoded, parameters sorted.
  function key(path, search) {
    var params = search.replace(/^\?/, "").split("&").filter(Boolean).sort();
    var query = params.map(decode).join("&");
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
