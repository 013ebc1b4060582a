// Parts of a page that follow a running analysis. An element with data-live="URL" holds a fragment the server
// renders; while the fragment's root says data-busy="true" the element asks the URL again every 2 seconds and
// puts the new fragment in its place; once idle it asks every data-live-idle seconds (if set), or stops.
// data-live-status names an element (a role="status" region) that gets the fragment's data-status sentence
// when it changes, so that screen readers hear the progress without the table being read out each time.
(function () {
  'use strict';
  function later(el, seconds) { window.setTimeout(function () { refresh(el); }, seconds * 1000); }
  function next(el) {
    var root = el.firstElementChild;
    if (root && root.getAttribute('data-busy') === 'true') later(el, 2);
    else if (el.getAttribute('data-live-idle')) later(el, Number(el.getAttribute('data-live-idle')));
  }
  function refresh(el) {
    if (document.hidden) { later(el, 2); return; }
    fetch(el.getAttribute('data-live'), { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
      .then(function (response) {
        // signed out meanwhile (sent to the sign-in page): leave the page as it is
        if (!response.ok || response.redirected) throw new Error('HTTP ' + response.status);
        return response.text();
      })
      .then(function (html) {
        el.innerHTML = html;
        var root = el.firstElementChild;
        var statusId = el.getAttribute('data-live-status');
        var status = statusId && document.getElementById(statusId);
        var sentence = root && root.getAttribute('data-status');
        if (status && sentence && status.textContent !== sentence) status.textContent = sentence;
        el.querySelectorAll('a[data-reload]').forEach(function (a) { a.href = window.location.pathname + window.location.search; });
        next(el);
      })
      .catch(function () { later(el, 10); });
  }
  document.querySelectorAll('a[data-reload]').forEach(function (a) { a.href = window.location.pathname + window.location.search; });
  document.querySelectorAll('[data-live]').forEach(next);
})();
