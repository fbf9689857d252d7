/**
 * The upload page's one script, served from this origin (the page's CSP allows no inline
 * script): instead of one form post for everything, each chosen file goes in a request of its
 * own, with a progress bar beside its item (XMLHttpRequest's upload progress; fetch has none).
 * The answer is JSON (Accept: application/json); the page's words come from its data- attributes.
 * Without script the form posts as it is and the server answers with the page.
 */
export const UPLOAD_SCRIPT = `(function () {
  'use strict';
  var form = document.getElementById('upload');
  if (!form || !window.FormData || !window.XMLHttpRequest) return;
  var button = form.querySelector('button[type=submit]');
  var outcome = document.getElementById('outcome');
  function say(cls, text) {
    var p = document.createElement('p');
    p.className = cls;
    p.textContent = text;
    outcome.appendChild(p);
  }
  function sendOne(set, file, done) {
    var input = set.querySelector('input[type=file]');
    var bar = set.querySelector('progress');
    var state = set.querySelector('.state');
    var data = new FormData();
    var description = set.querySelector('input[name=description]');
    if (description) data.append('description', description.value);
    data.append(input.name, file, file.name);
    var xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    xhr.setRequestHeader('Accept', 'application/json');
    bar.hidden = false;
    bar.value = 0;
    state.textContent = form.getAttribute('data-sending');
    xhr.upload.onprogress = function (e) {
      if (!e.lengthComputable) return;
      var p = Math.round((e.loaded / e.total) * 100);
      bar.value = p;
      state.textContent = form.getAttribute('data-progress').replace('{p}', String(p));
    };
    xhr.onload = function () {
      var body = null;
      try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
      bar.value = 100;
      if (body && body.received && body.received.length) {
        state.textContent = form.getAttribute('data-sent') + ': ' + file.name;
      } else {
        state.textContent = '';
      }
      if (body && body.refused) body.refused.forEach(function (r) { say('warn', r.message); });
      if (body && body.stopped) say('warn', body.stopped);
      if (!body) say('warn', form.getAttribute('data-sending') + ' ' + xhr.status);
      done();
    };
    xhr.onerror = function () { state.textContent = ''; done(); };
    xhr.send(data);
  }
  function refreshList() {
    var x = new XMLHttpRequest();
    x.open('GET', form.action);
    x.responseType = 'document';
    x.onload = function () {
      var fresh = x.response && x.response.getElementById('received');
      var now = document.getElementById('received');
      if (fresh && now) now.innerHTML = fresh.innerHTML;
      var sets = x.response ? x.response.querySelectorAll('fieldset[data-item]') : [];
      Array.prototype.forEach.call(sets, function (s) {
        var mine = form.querySelector('fieldset[data-item="' + s.getAttribute('data-item') + '"]');
        var got = s.querySelector('.got');
        var old = mine && mine.querySelector('.got');
        if (old) old.parentNode.removeChild(old);
        if (mine && got) mine.appendChild(document.importNode(got, true));
      });
      document.body.setAttribute('data-uploaded', 'yes');
    };
    x.send();
  }
  form.addEventListener('submit', function (e) {
    var queue = [];
    Array.prototype.forEach.call(form.querySelectorAll('fieldset[data-item]'), function (set) {
      var input = set.querySelector('input[type=file]');
      Array.prototype.forEach.call(input.files || [], function (f) { queue.push({ set: set, file: f }); });
    });
    e.preventDefault();
    outcome.textContent = '';
    if (!queue.length) { say('warn', form.getAttribute('data-none')); return; }
    button.disabled = true;
    document.body.removeAttribute('data-uploaded');
    (function next() {
      var job = queue.shift();
      if (!job) {
        button.disabled = false;
        Array.prototype.forEach.call(form.querySelectorAll('input[type=file]'), function (i) { i.value = ''; });
        refreshList();
        return;
      }
      sendOne(job.set, job.file, next);
    })();
  });
})();
`;
