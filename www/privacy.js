// The demo's privacy panel: an <aside> on every page showing `tracksafe.inspect()` live — what is
// stored (cookies, storage keys), the consent and its sources, what is queued, and each batch sent
// as the upstream received it. No inline script, no innerHTML: it runs under the shop's strict CSP.
(function () {
  const aside = document.createElement('aside');
  aside.className = 'privacy-panel';
  aside.id = 'privacy-panel';
  aside.setAttribute('aria-label', 'What tracksafe holds about you');
  const title = document.createElement('h2');
  title.textContent = 'Privacy panel — tracksafe.inspect()';
  aside.append(title);
  const sections = {};
  for (const [key, label] of [
    ['stored', 'Stored (cookies and storage keys)'],
    ['consent', 'Consent and its sources'],
    ['queued', 'Queued'],
    ['sent', 'Batches sent'],
  ]) {
    const h = document.createElement('h3');
    h.textContent = label;
    const pre = document.createElement('pre');
    pre.dataset.section = key;
    aside.append(h, pre);
    sections[key] = pre;
  }
  document.body.append(aside);

  const show = (key, value) => {
    const text = JSON.stringify(value, null, 1);
    if (sections[key].textContent !== text) sections[key].textContent = text;
  };
  function render() {
    const t = window.tracksafe;
    if (!t || Array.isArray(t) || !t.tracker) return;
    const s = t.inspect();
    show('stored', { cookies: s.cookies, storage: s.storage });
    show('consent', s.consent);
    show('queued', s.queued.events);
    show('sent', s.sent.map((b) => ({ status: b.status, events: b.body.events.map((e) => e.name) })));
  }
  render();
  setInterval(render, 500);
})();
