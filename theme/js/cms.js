/* The web editor's own rules (Decap CMS at /quan-tri/):
 * - a new article's address is made from its title by the rule the build uses
 *   (bantin.core.text.slugify), made unique against the addresses the site already has
 *   (slugs.json, written by the build), so the file, its photo folder and its page are
 *   where `invoke new` would put them; an existing file keeps its address;
 * - the date is refused when `invoke check` would refuse it, with the check's message;
 * - the preview uses the site's own stylesheet, so the editor sees what readers get.
 */
(function () {
  "use strict";
  if (window.top !== window.self) {  // framed by another page: show nothing to click on
    document.documentElement.textContent = "";
    return;
  }
  var MAX = 80;
  // What Python's casefold() writes as two letters, and the marks it does not drop
  // (combining class 0: variation selectors, the grapheme joiner, the keycap).
  var CASEFOLD = {"ß": "ss", "ẞ": "ss", "ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi",
                  "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st", "ŉ": "ʼn"};
  var KEPT_MARKS = /[\u034f\u180b-\u180d\ufe00-\ufe0f\u20dd-\u20e0\u20e2-\u20e4]/;

  function fold(text) {
    text = text.replace(/[đÐð]/g, "d").replace(/Đ/g, "D")
      .replace(/[ßẞﬀ-ﬆŉ]/g, function (c) { return CASEFOLD[c]; }).normalize("NFD");
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var c = text[i];
      if (!/\p{M}/u.test(c) || KEPT_MARKS.test(c) || /\p{Mc}/u.test(c)) out += c;
    }
    return out.normalize("NFC").toLowerCase();
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

  function unique(slug, taken) {
    if (taken.indexOf(slug) < 0) return slug;
    for (var n = 2; ; n++) {
      var tail = "-" + n, candidate = slug.slice(0, MAX - tail.length).replace(/-$/, "") + tail;
      if (taken.indexOf(candidate) < 0) return candidate;
    }
  }

  // A date as `invoke check` reads it (bantin.core.frontmatter._check_date and
  // dates.example_date), refused with the check's own message from the catalog (the
  // field's "messages" option, written by bantin/core/cmsconfig.py).
  function fill(template, values) {
    return template.replace(/\{(\w+)(!r)?\}/g, function (_m, name, repr) {
      return repr ? "'" + values[name] + "'" : String(values[name]);
    });
  }

  function pad(number, width) {
    return String(number).padStart(width, "0");
  }

  function daysIn(year, month) {
    return new Date(Date.UTC(year, month, 0)).getUTCDate();
  }

  function dateProblem(raw, year, messages) {
    var text = String(raw || "").trim();
    var m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?$/.exec(text);
    var message = null;
    if (!m) {
      message = fill(messages.shape, {value: text});
    } else {
      var y = +m[1], mo = +m[2], d = +m[3], timed = m[4] !== undefined;
      var h = timed ? +m[4] : 0, mi = timed ? +m[5] : 0;
      var exists = y >= 1 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysIn(y, mo) &&
        h <= 23 && mi <= 59;
      if (!exists) {
        var month = Math.min(Math.max(mo, 1), 12);
        if (y < 1 || y > 9998) {
          message = fill(messages.shape, {value: text});
        } else {
          var time = timed ? " " + pad(h, 2) + ":" + pad(mi, 2) : "";
          var near = pad(y, 4) + "-" + pad(month, 2) + "-" +
            pad(Math.min(Math.max(d, 1), daysIn(y, month)), 2) +
            (timed ? " " + pad(Math.min(h, 23), 2) + ":" + pad(Math.min(mi, 59), 2) : "");
          message = fill(messages.impossible, {
            value: text, shown: pad(d, 2) + "/" + pad(mo, 2) + "/" + pad(y, 4) + time,
            example: near});
        }
      } else if (year && y !== year) {
        message = fill(messages.year, {year: year});
      }
    }
    return message === null ? null : fill(messages.field, {field: messages.label, message: message});
  }

  window.bantinSlugify = slugify;
  window.bantinDateProblem = dateProblem;
  var script = document.currentScript;
  var CMS = window.CMS;
  var site = {taken: [], no_letters: ""};
  fetch("slugs.json").then(function (r) { return r.json(); })
    .then(function (data) { site = data; }, function () { /* a new site: none taken */ });

  (script.dataset.styles || "").split(" ").filter(Boolean).forEach(function (href) {
    CMS.registerPreviewStyle(href);
  });
  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var data = event.entry.get("data");
      // Articles and documents carry their address; a week's schedule is named by its Monday.
      var named = ["bai-viet", "van-ban"].indexOf(event.entry.get("collection")) >= 0;
      if (!named || data.get("slug") || !event.entry.get("newRecord")) return data;
      var slug = slugify(data.get("title") || data.get("number") || data.get("abstract"));
      if (!slug) throw new Error(site.no_letters);
      return data.set("slug", unique(slug, site.taken));
    }
  });

  var DateControl = window.createClass({
    handleChange: function (event) {
      this.props.onChange(event.target.value);
    },
    isValid: function () {
      // A new article is filed under the year it is saved in ({{year}}, from this
      // computer's clock, as Decap reads it): its date must be of that year. An article
      // already written keeps its place whatever its date.
      var entry = this.props.entry;
      var year = entry && entry.get("newRecord") ? new Date().getUTCFullYear() : null;
      var problem = dateProblem(this.props.value, year, this.props.field.get("messages").toJS());
      return problem ? {error: {message: problem}} : true;
    },
    render: function () {
      return window.h("input", {
        type: "text", id: this.props.forID, className: this.props.classNameWrapper,
        value: this.props.value || "", onChange: this.handleChange,
        onFocus: this.props.setActiveStyle, onBlur: this.props.setInactiveStyle,
        inputMode: "numeric", placeholder: "YYYY-MM-DD HH:MM"
      });
    }
  });
  CMS.registerWidget("bantin-date", DateControl);
  CMS.init();
})();
