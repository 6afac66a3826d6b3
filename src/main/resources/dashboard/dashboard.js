// The duty officer's page: polls /api/v1/overview every 2 s and redraws. No build step, no framework.
(function () {
  const history = {};            // source name -> published counts of the last polls, for the sparkline
  const KEEP = 60;               // two minutes at one poll every 2 s
  let token = new URLSearchParams(location.hash.slice(1)).get('token') || sessionStorage.getItem('onceonly-token');

  const el = (tag, attrs, ...children) => {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => k === 'class' ? e.className = v : e.setAttribute(k, v));
    children.flat().forEach(c => e.append(c instanceof Node ? c : document.createTextNode(c ?? '')));
    return e;
  };
  const fmt = n => n == null ? '–' : Number(n).toLocaleString('zh-CN');
  const ago = iso => {
    if (!iso) return 'never';
    const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
    return s < 90 ? s + ' s ago' : Math.round(s / 60) + ' min ago';
  };

  function spark(values) {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('class', 'spark');
    svg.setAttribute('viewBox', '0 0 ' + KEEP + ' 28');
    svg.setAttribute('preserveAspectRatio', 'none');
    const rates = values.slice(1).map((v, i) => Math.max(0, v - values[i]));
    const max = Math.max(1, ...rates);
    const points = rates.map((r, i) => (KEEP - rates.length + i) + ',' + (27 - 25 * r / max)).join(' ');
    const line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
    line.setAttribute('points', points || '0,27 ' + KEEP + ',27');
    line.setAttribute('fill', 'none');
    line.setAttribute('stroke', '#1b7f3b');
    line.setAttribute('stroke-width', '1');
    svg.append(line);
    return svg;
  }

  function render(o) {
    document.getElementById('shared').textContent = fmt(o.ledger.recordsShared);
    document.getElementById('deliveries').textContent = fmt(o.ledger.deliveriesMade);
    document.getElementById('avoided').textContent = fmt(o.ledger.reentriesAvoided);
    const main = document.getElementById('departments');
    main.replaceChildren(...o.departments.map(d => el('article', { class: 'dept', 'data-department': d.name },
      el('h3', {}, d.name),
      d.reentriesAvoided ? el('div', { class: 'muted' }, 're-entries avoided here: ' + fmt(d.reentriesAvoided)) : '',
      ...d.sources.map(s => {
        const h = history[s.name] = (history[s.name] || []).concat(s.published).slice(-KEEP);
        return el('div', { class: 'route source', 'data-route': s.name },
          el('span', { class: 'name' }, '⇡ ' + s.name), el('span', { class: 'status ' + s.status }, s.status),
          el('span', { class: 'numbers' }, 'published ', el('b', {}, fmt(s.published)), ' · unchanged ', el('b', {}, fmt(s.unchanged)),
            ' · rejected ', el('b', {}, fmt(s.rejected)), ' · last record ', el('b', {}, ago(s.lastRecord)),
            ' · last poll ', ago(s.lastPoll)),
          spark(h));
      }),
      ...d.subscriptions.map(s => el('div', { class: 'route subscription', 'data-route': s.name },
        el('span', { class: 'name' }, '⇣ ' + s.name + ' (' + s.sink + ')'), el('span', { class: 'status ' + s.status }, s.status),
        el('span', { class: 'numbers' }, 'delivered ', el('b', {}, fmt(s.delivered)), ' · lag ', el('b', {}, fmt(s.lag)),
          ' · dead letters ', el('b', {}, fmt(s.deadLetters))))))));
    document.querySelector('#rejects tbody').replaceChildren(...o.rejects.map(r => el('tr', {},
      el('td', {}, new Date(r.time).toLocaleTimeString('zh-CN')), el('td', {}, r.source), el('td', {}, r.record),
      el('td', { class: 'reason' }, r.reason))));
    const bySubscription = {};
    o.deadLetters.forEach(d => (bySubscription[d.subscription] = bySubscription[d.subscription] || []).push(d));
    document.querySelector('#dead-letters tbody').replaceChildren(...o.deadLetters.map((d, i) => el('tr', {},
      el('td', {}, d.subscription), el('td', {}, d.key), el('td', { class: 'reason' }, d.reason),
      el('td', {}, i === o.deadLetters.findIndex(x => x.subscription === d.subscription)
        ? replayButton(d.subscription, bySubscription[d.subscription].length) : ''))));
    document.getElementById('updated').textContent = 'updated ' + new Date(o.time).toLocaleTimeString('zh-CN');
  }

  function replayButton(subscription, n) {
    const b = el('button', { class: 'replay', 'data-subscription': subscription }, 'Replay ' + n + ' 重新投递');
    b.addEventListener('click', async () => {
      b.disabled = true;
      const r = await api('/api/v1/subscriptions/' + encodeURIComponent(subscription) + '/dead-letters/replay', 'POST');
      b.textContent = r ? 'replayed ' + r.replayed + ', still refused ' + r.stillRefused : 'replay failed';
      poll();
    });
    return b;
  }

  async function api(path, method) {
    const response = await fetch(path, { method: method || 'GET', headers: { Authorization: 'Bearer ' + token } });
    if (response.status === 401 || response.status === 403) {
      document.getElementById('login').hidden = false;
      document.getElementById('updated').textContent = 'needs the operator token';
      return null;
    }
    return response.ok ? response.json() : null;
  }

  async function poll() {
    if (!token) { document.getElementById('login').hidden = false; return; }
    try {
      const o = await api('/api/v1/overview');
      if (o) { document.getElementById('login').hidden = true; render(o); }
    } catch (e) {
      document.getElementById('updated').textContent = 'hub unreachable, retrying…';
    }
  }

  document.getElementById('use-token').addEventListener('click', () => {
    token = document.getElementById('token').value.trim();
    sessionStorage.setItem('onceonly-token', token);
    poll();
  });
  if (token) sessionStorage.setItem('onceonly-token', token);
  poll();
  setInterval(poll, 2000);
}());
