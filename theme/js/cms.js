/* The web editor's own rules (Decap CMS at /quan-tri/):
 * - a new article's address is made from its title by the rule the build uses
 *   (bantin.core.text.slugify: "đ" -> "d", marks dropped, words of a-z0-9 joined by "-",
 *   at most 80 characters, cut between words), so the file, its photo folder and its
 *   page are where `invoke new` would put them; an existing file keeps its address;
 * - the preview uses the site's own stylesheet, so the editor sees what readers get.
 */
(function () {
  "use strict";
  var MAX = 80;

  function fold(text) {
    return text.replace(/[đÐð]/g, "d").replace(/Đ/g, "D")
      .normalize("NFD").replace(/\p{M}/gu, "").normalize("NFC").toLowerCase();
  }

  function slugify(text) {
    var words = fold(String(text || "")).match(/[a-z0-9]+/g) || [];
    var slug = "";
    for (var i = 0; i < words.length; i++) {
      var candidate = slug ? slug + "-" + words[i] : words[i];
      if (candidate.length > MAX) break;
      slug = candidate;
    }
    return slug || (words.length ? words[0].slice(0, MAX) : "");
  }

  window.bantinSlugify = slugify;
  var script = document.currentScript;
  var CMS = window.CMS;
  (script.dataset.styles || "").split(" ").filter(Boolean).forEach(function (href) {
    CMS.registerPreviewStyle(href);
  });
  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var data = event.entry.get("data");
      if (data.get("slug") || !event.entry.get("newRecord")) return data;
      return data.set("slug", slugify(data.get("title") || data.get("number") || data.get("abstract")));
    }
  });
  CMS.init();
})();
