// Xietong's own script: small, optional progressive enhancement. Every page
// works without it. Loaded with `defer`; no inline script anywhere (CSP).
(function () {
  "use strict";
  // Forms marked data-confirm ask before submitting (delete, archive …).
  document.addEventListener("submit", function (ev) {
    var f = ev.target;
    var msg = f.getAttribute && f.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) {
      ev.preventDefault();
      return;
    }
    // Disable submit buttons so a double tap on a slow link sends once.
    var buttons = f.querySelectorAll("button[type=submit], button:not([type])");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-busy", "true");
    }
  });
  // Buttons marked data-print open the browser's print dialog (A4 pages).
  document.addEventListener("click", function (ev) {
    var el = ev.target;
    if (el && el.hasAttribute && el.hasAttribute("data-print")) {
      window.print();
    }
  });
  // The role switcher submits when a new role is picked.
  document.addEventListener("change", function (ev) {
    var el = ev.target;
    if (el && el.hasAttribute && el.hasAttribute("data-autosubmit") && el.form) {
      el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit();
    }
  });
})();
