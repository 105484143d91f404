// The console's pages: each loads its figures from the /api of its area and draws them with ECharts.
// Data is put into the page with textContent only (never as HTML).
'use strict';

const csrf = () => document.querySelector('meta[name="csrf-token"]').content;
const $ = (sel) => document.querySelector(sel);

async function getJson(url) {
  const r = await fetch(url, { headers: { Accept: 'application/json' } });
  const body = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(body.message || (r.status + ' ' + r.statusText));
  return body;
}

function el(tag, text, attrs) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (attrs) for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

function row(tbody, cells) {
  const tr = document.createElement('tr');
  for (const c of cells) {
    const td = document.createElement('td');
    if (c instanceof Node) td.appendChild(c); else td.textContent = c === null || c === undefined ? '–' : String(c);
    tr.appendChild(td);
  }
  tbody.appendChild(tr);
  return tr;
}

function link(href, text) { return el('a', text, { href }); }
const money = (s, currency) => Number(s).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) + (currency ? ' ' + currency : '');
const pct = (x) => x === null || x === undefined ? '–' : (Number(x) * 100).toFixed(1) + '%';
const num = (v) => v === null || v === undefined ? '–' : Number(v).toLocaleString('en-US', { maximumFractionDigits: 4 });
const when = (iso) => iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '–';

const charts = {};
function chart(id) {
  const node = document.getElementById(id);
  if (!charts[id]) {
    charts[id] = echarts.init(node);
    window.addEventListener('resize', () => charts[id].resize());
  }
  return charts[id];
}

// ---------------------------------------------------------------- leadership
function leadership() {
  const tile = $('#gmv-today');
  const showToday = (t) => {
    if (!t.available) { tile.textContent = 'live GMV not readable yet'; return; }
    if (t.totals.length === 0) { tile.textContent = '0.00'; $('#gmv-today-sub').textContent = 'no orders counted today yet'; return; }
    tile.textContent = t.totals.map((x) => money(x.gmv, x.currency)).join(' · ');
    tile.dataset.gmv = t.totals.map((x) => x.currency + ':' + x.gmv).join(',');
    $('#gmv-today-sub').textContent = t.totals.map((x) => x.entries + ' entries, last commit ' + when(x.last_commit)).join(' · ');
  };
  getJson('/api/leadership/today').then(showToday).catch((e) => { tile.textContent = e.message; });
  // Pushed by the server within a push interval of the live GMV job's update: no reload.
  const events = new EventSource('/events/gmv');
  events.addEventListener('gmv', (e) => { showToday(JSON.parse(e.data)); loadSeries(); });

  const filters = $('#gmv-filters');
  let loading = null;
  async function loadSeries() {
    if (loading) return;
    const q = new URLSearchParams(new FormData(filters));
    loading = getJson('/api/leadership/gmv?' + q).then((s) => {
      // The latest hour of minutes, two days of hours, every day kept: ending at the newest point.
      const span = { minute: 3600e3, hour: 48 * 3600e3 }[s.grain];
      const step = { minute: 60e3, hour: 3600e3, day: 86400e3 }[s.grain];
      const last = s.points.length ? s.points[s.points.length - 1][0] : Date.now();
      chart('gmv-chart').setOption({
        animation: false, tooltip: { trigger: 'axis' }, grid: { left: 80, right: 20, top: 20, bottom: 40 },
        xAxis: { type: 'time', min: span ? last - span : undefined, max: last + step }, yAxis: { type: 'value', name: s.currency },
        series: [{ name: 'GMV ' + s.currency, type: s.grain === 'minute' ? 'line' : 'bar', showSymbol: s.points.length < 120,
          data: s.points.map(([t, v]) => [t, Number(v)]) }],
      }, true);
    }).catch((e) => { $('#gmv-chart-note').textContent = e.message; }).finally(() => { loading = null; });
  }
  getJson('/api/leadership/filters').then((f) => {
    const fill = (sel, choices) => choices.forEach((c) => $(sel).appendChild(el('option', c.name, { value: c.id })));
    fill('#f-currency', f.currency); fill('#f-region', f.region); fill('#f-category', f.category); fill('#f-segment', f.segment);
    loadSeries();
  }).catch((e) => { $('#gmv-chart-note').textContent = e.message; });
  filters.addEventListener('change', loadSeries);

  getJson('/api/leadership/warehouse').then(drawWarehouse).catch((e) => { $('#warehouse-error').textContent = 'Warehouse figures: ' + e.message; });
  getJson('/api/leadership/milestones').then(drawMilestones).catch((e) => { $('#milestones-error').textContent = 'Milestones: ' + e.message; });
}

function drawWarehouse(w) {
  const currencies = [...new Set(w.gmv_trend.map((d) => d.currency))];
  chart('trend-chart').setOption({
    tooltip: { trigger: 'axis' }, legend: {}, grid: { left: 90, right: 20, top: 30, bottom: 40 },
    xAxis: { type: 'time' }, yAxis: { type: 'value' },
    series: currencies.map((c) => ({ name: 'GMV ' + c, type: 'line', showSymbol: false,
      data: w.gmv_trend.filter((d) => d.currency === c).map((d) => [d.day, Number(d.gmv)]) })),
  });
  const months = [...new Set(w.cohorts.map((c) => c.cohort_month))].sort();
  const maxSince = Math.max(0, ...w.cohorts.map((c) => c.months_since));
  chart('cohort-chart').setOption({
    tooltip: { formatter: (p) => months[p.value[1]] + ' cohort, month +' + p.value[0] + ': ' + (p.value[2] * 100).toFixed(1) + '%' },
    grid: { left: 90, right: 20, top: 10, bottom: 90 },
    xAxis: { type: 'category', name: 'months since first order', nameLocation: 'middle', nameGap: 26, data: [...Array(maxSince + 1).keys()] },
    yAxis: { type: 'category', data: months, inverse: true },
    visualMap: { min: 0, max: 1, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120,
      formatter: (v) => (v * 100).toFixed(0) + '%' },
    series: [{ name: 'share active', type: 'heatmap', label: { show: months.length <= 12, formatter: (p) => (p.value[2] * 100).toFixed(0) },
      data: w.cohorts.map((c) => [c.months_since, months.indexOf(c.cohort_month), Number(c.share_active)]) }],
  });
  chart('retention-chart').setOption({
    tooltip: { trigger: 'axis', valueFormatter: (v) => (v * 100).toFixed(1) + '%' }, legend: {},
    grid: { left: 60, right: 20, top: 40, bottom: 40 },
    xAxis: { type: 'time' }, yAxis: { type: 'value', axisLabel: { formatter: (v) => (v * 100).toFixed(0) + '%' } },
    series: [
      { name: 'repeat purchase rate', type: 'line', data: w.repeat_purchase.map((r) => [r.month, Number(r.repeat_purchase_rate)]) },
      { name: 'repeat order rate', type: 'line', data: w.repeat_purchase.map((r) => [r.month, Number(r.repeat_order_rate)]) },
      { name: 'activation (30 days)', type: 'bar', data: w.activation.map((a) => [a.signup_month, Number(a.activation_rate)]) },
    ],
  });
}

function drawMilestones(m) {
  $('#milestones-as-of').textContent = 'As of ' + (m.as_of || '–') + ', launched ' + (m.launch || '–') + '; read through Trino.';
  const body = $('#milestones tbody');
  body.replaceChildren();
  for (const x of m.milestones) {
    const bar = el('span');
    if (x.progress !== null && x.progress !== undefined) {
      const b = el('span', null, { class: 'bar' });
      const fill = el('span');
      fill.style.width = Math.min(100, x.progress * 100).toFixed(0) + '%';
      b.appendChild(fill);
      bar.appendChild(b);
      bar.appendChild(document.createTextNode(pct(x.progress)));
    } else bar.textContent = '–';
    const status = el('span', x.status, { class: 'status-' + String(x.status).replace(/ /g, '-') });
    const unit = x.unit === 'ratio' ? pct : x.unit === 'USD' ? (v) => money(v, 'USD') : num;
    row(body, [x.phase, x.deadline, x.label, unit(x.target), x.actual === null ? '–' : unit(x.actual), bar, x.projected_date, status]);
  }
  const regions = $('#regions tbody');
  regions.replaceChildren();
  for (const r of m.regions) {
    row(regions, [r.name, r.measured_month, pct(r.repeat_order_rate) + ' (≥ ' + pct(r.repeat_order_rate_target) + ')',
      r.active_distributors + ' (≥ ' + r.active_distributors_target + ')', el('span', r.ready ? 'ready' : 'not yet', { class: r.ready ? 'yes' : 'no' })]);
  }
}

// ---------------------------------------------------------------- risk
function riskQueue() {
  const filters = $('#queue-filters');
  let filled = false;
  async function load() {
    const q = new URLSearchParams(new FormData(filters));
    const data = await getJson('/api/risk/alerts?' + q);
    const counts = $('#counts');
    counts.replaceChildren();
    for (const [state, n] of Object.entries(data.counts.state)) {
      const c = el('span', null, { class: 'count', 'data-state': state });
      c.appendChild(el('b', n)); c.appendChild(document.createTextNode(state));
      counts.appendChild(c);
    }
    if (!filled) {
      Object.keys(data.counts.rule).forEach((r) => $('#q-rule').appendChild(el('option', r)));
      Object.keys(data.counts.severity).forEach((s) => $('#q-severity').appendChild(el('option', s)));
      filled = true;
    }
    $('#queue-matching').textContent = data.counts.matching + ' matching alerts' + (data.counts.matching > data.alerts.length ? ', newest ' + data.alerts.length + ' shown' : '');
    const body = $('#queue tbody');
    body.replaceChildren();
    for (const a of data.alerts) {
      const tr = row(body, [link('/risk/alerts/' + a.id, '#' + a.id), when(a.last_detected), a.rule, el('span', a.severity, { class: 'sev-' + a.severity }),
        Number(a.score).toFixed(2), a.entity_type + ' ' + a.entity_id, a.state]);
      tr.dataset.alertId = a.id;
    }
  }
  load();
  filters.addEventListener('change', load);
  new EventSource('/events/alerts').addEventListener('alerts', load);
}

async function riskAlert() {
  const id = $('#alert').dataset.alertId;
  $('#action-csrf').value = csrf();
  const a = await getJson('/api/risk/alerts/' + id);
  $('#alert-state').textContent = a.state;
  const facts = $('#alert-facts');
  for (const [k, v] of [['Rule', a.rule + ' v' + a.rule_version], ['Severity', a.severity], ['Score', Number(a.score).toFixed(3)],
    ['Entity', a.entity_type + ' ' + a.entity_id], ['Event time', when(a.event_time)], ['First detected', when(a.first_detected)],
    ['Last detected', when(a.last_detected)], ['Updates', a.updates], ['State changed', when(a.state_changed_at) + ' by ' + (a.state_changed_by || '–')]]) {
    facts.appendChild(el('dt', k)); facts.appendChild(el('dd', v));
  }
  const ev = $('#evidence tbody');
  for (const e of a.evidence) row(ev, [e.kind, e.linked ? link('/risk/records/' + e.kind + '/' + e.id, e.id) : e.id, e.detail]);
  const action = $('#action');
  for (const x of a.actions) {
    if (!x.target && !a.may_move) continue;
    action.appendChild(el('option', x.title, { value: x.id, 'data-target': x.target }));
  }
  const target = $('#target');
  const fillTargets = () => {
    const kind = action.selectedOptions[0] ? action.selectedOptions[0].dataset.target : '';
    target.replaceChildren();
    if (!kind) { target.appendChild(el('option', 'this alert', { value: '' })); return; }
    a.targets.filter((t) => t.kind === kind).forEach((t) => target.appendChild(el('option', t.kind + ' ' + t.id, { value: t.id })));
  };
  action.addEventListener('change', fillTargets);
  fillTargets();
  const audit = $('#audit tbody');
  for (const x of a.audit) row(audit, [when(x.at), x.actor, x.action, x.subject, x.note]);
}

async function riskRecord() {
  const r = $('#record');
  const data = await getJson('/api/risk/records/' + r.dataset.kind + '/' + r.dataset.recordId);
  const fields = $('#record-fields tbody');
  for (const [k, v] of Object.entries(data.record)) row(fields, [k, v]);
  for (const a of data.alerts) row($('#record-alerts tbody'), [link('/risk/alerts/' + a.id, '#' + a.id), a.rule, a.severity, a.state, when(a.last_detected)]);
  for (const x of data.audit) row($('#record-audit tbody'), [when(x.at), x.actor, x.action, x.note]);
}

// ---------------------------------------------------------------- health
function health() {
  async function load() {
    const s = await getJson('/api/health');
    const state = $('#health-state');
    if (s.state === 'not_running') { state.textContent = 'not running: ' + s.message; return; }
    state.textContent = s.state === 'no_launcher' ? s.message : s.healthy ? 'healthy' : 'DEGRADED';
    state.className = 'state ' + (s.healthy ? 'yes' : 'no');
    const stages = $('#stages tbody');
    stages.replaceChildren();
    for (const st of s.stages) {
      row(stages, [st.name, el('span', st.state, { class: 'state-' + st.state }), st.pid, st.restarts,
        st.uptime_s === null ? '–' : st.uptime_s + ' s',
        st.failure || (st.late ? 'late: not ready within its ready timeout (still supervised)' : '') || st.rest_url || '']).dataset.stage = st.name;
    }
    const p = $('#pipeline');
    p.replaceChildren();
    const fact = (k, v) => { p.appendChild(el('dt', k)); p.appendChild(el('dd', v)); };
    const slot = s.replication_slot || {};
    fact('Replication slot ' + (slot.name || ''), slot.error || (slot.exists ? (slot.active ? 'active' : 'INACTIVE') + ', lag ' + slot.lag_bytes + ' B, WAL retained ' + slot.retained_wal_bytes + ' B' : 'not created yet'));
    for (const [job, l] of Object.entries(s.consumer_lag || {})) {
      const cp = (s.checkpoints || {})[job] || {};
      fact('Job ' + job, (l && l.lag !== undefined ? 'consumer lag ' + (l.lag === null ? '–' : l.lag) : String(l)) + ', last checkpoint '
        + (cp.last_checkpoint_age_ms === null || cp.last_checkpoint_age_ms === undefined ? 'none yet' : (cp.last_checkpoint_age_ms / 1000).toFixed(1) + ' s ago'));
    }
    const g = s.gmv || {};
    fact('Live GMV freshness', g.error || (g.freshness_ms === null ? '–' : g.freshness_ms + ' ms (commit → live GMV)'));
    const d = s.dlq || {};
    $('#dlq-count').textContent = d.error || (d.count + ' dead letters');
    const dl = $('#dlq tbody');
    dl.replaceChildren();
    for (const x of d.latest || []) row(dl, [when(x.failed_at), x.stage, x.reason]);
    const dags = $('#dags tbody');
    dags.replaceChildren();
    for (const [dag, r] of Object.entries(s.warehouse || {})) {
      if (dag === 'error') { row(dags, ['error', r, '', '', '']); continue; }
      row(dags, [dag, r.run_id || 'no run yet', el('span', r.state || '–', { class: 'state-' + r.state }), when(r.end_date),
        Object.entries(r.tasks || {}).map(([t, v]) => t + ': ' + v).join(', ')]);
    }
    const w = $('#warnings');
    w.replaceChildren();
    for (const x of s.warnings || []) w.appendChild(el('li', x));
  }
  load().catch((e) => { $('#health-state').textContent = e.message; });
  setInterval(() => load().catch((e) => { $('#health-state').textContent = e.message; }), 5000);
}

const pages = { leadership, risk: riskQueue, alert: riskAlert, record: riskRecord, health };
document.addEventListener('DOMContentLoaded', () => { const p = pages[document.body.dataset.page]; if (p) p(); });
