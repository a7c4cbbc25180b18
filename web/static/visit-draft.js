// The offline draft of a form marked data-draft (a visit's form, an
// inspection's score sheet): loaded only on such a page. A weak signal in a
// village must not lose what was typed. data-draft-what names the record
// in the messages (家访记录 unless said).
//
//  - While the teacher types, the text fields (and the form's one-time
//    token) are saved in localStorage under the user and the student.
//  - Submitting goes through fetch. If the network is down the draft is
//    kept, marked as waiting, and sent again when the browser comes back
//    online (and every 20 seconds meanwhile). The server claims the form
//    token in the same transaction as the visit, so a draft sent twice
//    makes one visit; the second send is redirected to the first visit.
//  - Photos are kept in memory only (they are large and sensitive): they
//    survive a failed send but not a reload.
//  - Signing out sends Clear-Site-Data, which empties localStorage: the
//    form says so.
// Without this script the form posts normally.
(function () {
  "use strict";
  var form = document.querySelector("form[data-draft]");
  if (!form || !window.fetch || !window.FormData || !window.localStorage) {
    return;
  }
  var key = "xietong-draft:" + form.getAttribute("data-draft");
  var what = form.getAttribute("data-draft-what") || "家访记录";
  var statusEl = form.querySelector(".draft-status");
  var photoInput = form.querySelector("input[type=file][name=photos]");
  var pending = null; // FormData waiting to be sent, photos included
  var sending = false;
  var retryTimer = null;
  var keptFiles = [];

  function say(msg) {
    if (!statusEl) {
      return;
    }
    statusEl.textContent = msg;
    statusEl.hidden = !msg;
  }

  function busy(on) {
    var buttons = form.querySelectorAll("button[type=submit]");
    for (var i = 0; i < buttons.length; i++) {
      if (on) {
        buttons[i].setAttribute("aria-busy", "true");
      } else {
        buttons[i].removeAttribute("aria-busy");
      }
    }
  }

  // fields lists [name, value] of every text-like field, as the form would
  // send them, files excepted.
  function fields() {
    var out = [];
    var els = form.elements;
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      if (!el.name || el.disabled || el.type === "file" || el.type === "submit") {
        continue;
      }
      if ((el.type === "checkbox" || el.type === "radio") && !el.checked) {
        continue;
      }
      if (el.type === "select-multiple") {
        for (var j = 0; j < el.options.length; j++) {
          if (el.options[j].selected) {
            out.push([el.name, el.options[j].value]);
          }
        }
        continue;
      }
      out.push([el.name, el.value]);
    }
    return out;
  }

  function save(waiting) {
    try {
      localStorage.setItem(key, JSON.stringify({ fields: fields(), waiting: !!waiting, saved: Date.now() }));
    } catch (e) {
      // Storage full or disabled: the form still posts.
    }
  }

  function load() {
    try {
      return JSON.parse(localStorage.getItem(key) || "null");
    } catch (e) {
      return null;
    }
  }

  function clear() {
    try {
      localStorage.removeItem(key);
    } catch (e) {}
  }

  function restore(d) {
    var byName = {};
    d.fields.forEach(function (kv) {
      (byName[kv[0]] = byName[kv[0]] || []).push(kv[1]);
    });
    var els = form.elements;
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      if (!el.name || el.type === "file" || el.type === "submit") {
        continue;
      }
      var vals = byName[el.name] || [];
      if (el.type === "hidden") {
        // Only the token travels with the draft: the student is the page's.
        if (el.name === "form_token" && vals.length) {
          el.value = vals[0];
        }
      } else if (el.type === "checkbox" || el.type === "radio") {
        el.checked = vals.indexOf(el.value) >= 0;
      } else if (el.type === "select-multiple") {
        for (var j = 0; j < el.options.length; j++) {
          el.options[j].selected = vals.indexOf(el.options[j].value) >= 0;
        }
      } else if (vals.length) {
        el.value = vals[0];
      }
    }
  }

  // body is the form as the browser would send it: multipart with the
  // photos when the form takes files, else urlencoded (the ordinary form
  // post of a form without files, which the server parses as such).
  function body() {
    var fd = new FormData(form);
    return photoInput ? fd : new URLSearchParams(fd);
  }

  function retryLater() {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(send, 20000);
  }

  function send() {
    if (sending || !pending) {
      return;
    }
    sending = true;
    busy(true);
    say("正在提交……");
    fetch(form.action, {
      method: "POST",
      body: pending,
      credentials: "same-origin",
      headers: { "X-Xietong-Draft": "1" }
    })
      .then(function (res) {
        sending = false;
        var next = res.headers.get("X-Location");
        if (res.status === 204 && next) {
          // Saved (or saved before: the server sends a replay to it).
          pending = null;
          clear();
          location.href = next;
          return;
        }
        if (res.redirected && new URL(res.url, location.href).pathname === "/login") {
          // The session ended: keep the draft for after signing in.
          say("登录已过期。" + what + "已保存在本机，请重新登录后回到本页提交。");
          location.href = res.url;
          return;
        }
        if (res.status >= 500) {
          busy(false);
          say("服务器暂时无法保存，" + what + "已保存在本机，稍后会自动重试。");
          retryLater();
          return;
        }
        // The server refused the form (a field to correct, too large …):
        // post it the ordinary way so that its page with the messages shows.
        pending = null;
        save(false);
        HTMLFormElement.prototype.submit.call(form);
      })
      .catch(function () {
        sending = false;
        busy(false);
        save(true);
        say("网络不通，" + what + "已保存在本机，联网后会自动提交。" + (photoInput ? "照片只在本页打开期间保留，请不要关闭本页。" : ""));
        retryLater();
      });
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    save(true);
    pending = body();
    send();
  });

  var typing = null;
  function changed() {
    clearTimeout(typing);
    typing = setTimeout(function () {
      save(pending !== null);
    }, 400);
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  window.addEventListener("online", send);

  // Several camera shots, one at a time, add up to five photos.
  if (photoInput && window.DataTransfer) {
    photoInput.addEventListener("change", function () {
      var dt = new DataTransfer();
      keptFiles.concat(Array.prototype.slice.call(photoInput.files)).slice(0, 5).forEach(function (f) {
        dt.items.add(f);
      });
      keptFiles = Array.prototype.slice.call(dt.files);
      photoInput.files = dt.files;
      say(keptFiles.length ? "已选择 " + keptFiles.length + " 张照片（最多 5 张）" : "");
    });
  }

  var d = load();
  if (d && d.fields) {
    restore(d);
    if (d.waiting) {
      pending = body();
      say("有未发送的" + what + "保存在本机，联网后会自动提交" + (photoInput ? "（照片需重新选择）" : "") + "。");
      if (navigator.onLine) {
        send();
      } else {
        retryLater();
      }
    } else {
      say("已恢复本机保存的草稿。");
    }
  }
})();
