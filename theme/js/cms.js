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
        if (y === 0 || (y === 9999 && month === 12)) {
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
    return message === null ? null : fill(messages.field, {field: "date", message: message});
  }

  window.bantinSlugify = slugify;
  window.bantinDateProblem = dateProblem;
  var script = document.currentScript;
  var CMS = window.CMS;
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
      return data.set("slug", slugify(data.get("title") || data.get("number") || data.get("abstract")));
    }
  });
  var DateControl = window.createClass({
    handleChange: function (event) {
      this.props.onChange(event.target.value);
    },
    isValid: function () {
      var field = this.props.field;
      var problem = dateProblem(this.props.value, field.get("year"),
                                field.get("messages").toJS());
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
