// Gallery lightbox on <dialog>: buttons, arrow keys, swipe; Esc returns focus to the photo.
(function () {
  var links = [].slice.call(document.querySelectorAll(".gallery__link"));
  var tpl = document.getElementById("lightbox-template");
  if (!links.length || !tpl || !window.HTMLDialogElement) return;
  var dialog = tpl.content.firstElementChild.cloneNode(true);
  document.body.appendChild(dialog);
  var img = dialog.querySelector(".lightbox__img");
  var caption = dialog.querySelector(".lightbox__caption");
  var count = dialog.querySelector(".lightbox__count");
  var current = 0, startX = null;

  function show(i) {
    current = (i + links.length) % links.length;
    var link = links[current], thumb = link.querySelector("img");
    // Only the photo being viewed is loaded; WebP when the browser supports it.
    var webp = link.getAttribute("data-webp");
    img.src = webp && document.documentElement.classList.contains("webp") ? webp : link.href;
    img.alt = thumb ? thumb.alt : "";
    var fig = link.parentNode.querySelector("figcaption");
    caption.textContent = fig ? fig.textContent : "";
    count.textContent = count.getAttribute("data-format")
      .replace("{n}", current + 1).replace("{total}", links.length);
  }
  function step(d) { show(current + d); }

  links.forEach(function (link, i) {
    link.addEventListener("click", function (e) {
      e.preventDefault();
      show(i);
      dialog.showModal();
    });
  });
  dialog.querySelector(".lightbox__prev").addEventListener("click", function () { step(-1); });
  dialog.querySelector(".lightbox__next").addEventListener("click", function () { step(1); });
  dialog.querySelector(".lightbox__close").addEventListener("click", function () { dialog.close(); });
  dialog.addEventListener("keydown", function (e) {
    if (e.key === "ArrowRight") { step(1); e.preventDefault(); }
    if (e.key === "ArrowLeft") { step(-1); e.preventDefault(); }
  });
  dialog.addEventListener("close", function () { links[current].focus(); });
  dialog.addEventListener("click", function (e) { if (e.target === dialog) dialog.close(); });
  dialog.addEventListener("touchstart", function (e) { startX = e.touches[0].clientX; }, {passive: true});
  dialog.addEventListener("touchend", function (e) {
    if (startX === null) return;
    var dx = e.changedTouches[0].clientX - startX;
    if (Math.abs(dx) > 40) step(dx < 0 ? 1 : -1);
    startX = null;
  });
  var probe = new Image();
  probe.onload = function () { if (probe.width) document.documentElement.classList.add("webp"); };
  probe.src = "data:image/webp;base64,UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA";
})();
