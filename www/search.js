// The demo storefront's search page: the form goes to a pretty results URL (/search/<query>), and
// the results page tracks `search_submitted` with the query as typed — a search box is where
// shoppers paste emails and order numbers, so tracksafe must redact what it sends.
(function () {
  const tracksafe = (method, ...args) =>
    window.tracksafe && !Array.isArray(window.tracksafe)
      ? window.tracksafe[method](...args)
      : (window.tracksafe = window.tracksafe || []).push([method, ...args]);

  const form = document.getElementById('search');
  form?.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = document.getElementById('search-query').value.trim();
    if (!q) return;
    const enc = encodeURIComponent(q);
    // As many shops do: the query in the path, in the query string and in a fragment.
    location.assign(`/search/${enc}?q=${enc}&utm_source=site-search#results-for-${enc}`);
  });

  const fromPath = location.pathname.startsWith('/search/') ? location.pathname.slice('/search/'.length) : '';
  const query = fromPath ? decodeURIComponent(fromPath) : new URLSearchParams(location.search).get('q') ?? '';
  if (!query) return;
  document.getElementById('search-query').value = query;
  document.title = `Results for “${query}” — Tracksafe Demo Shop`;
  const items = [...document.querySelectorAll('#search-results li')];
  const words = query.toLowerCase().split(/\s+/);
  let count = 0;
  for (const li of items) {
    li.hidden = !words.some((w) => li.dataset.name.toLowerCase().includes(w));
    if (!li.hidden) count++;
  }
  const summary = document.getElementById('search-summary');
  summary.textContent = `${count} results for “${query}”`;
  summary.hidden = false;
  tracksafe('track', 'search_submitted', { query, results_count: count });
})();
