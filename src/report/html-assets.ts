// What the HTML page carries inline (the CSP forbids fetching anything): its stylesheet, and the
// small script behind the filters (severity, risk class, account, environment, status).
export const CSS = `
:root{--crit:#b3001b;--high:#d9480f;--med:#b08800;--low:#1864ab;--info:#666;--bg:#f6f7f9;--fg:#1d2127;--line:#d8dde3}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--fg)}
main{max-width:1200px;margin:0 auto;padding:24px}h1{margin:0 0 4px;font-size:24px}h2{margin-top:32px}
.muted{color:#5c6670}code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;word-break:break-all}
.scores{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 16px;min-width:140px}
.card .label{font-size:12px;text-transform:uppercase;color:#5c6670}.card .value{font-size:30px;font-weight:700}.card .grade{font-size:18px;font-weight:700}
.card.main{border-width:2px}.grade-A .grade,.grade-B .grade{color:#2b8a3e}.grade-C .grade{color:var(--med)}.grade-D .grade{color:var(--high)}.grade-F .grade{color:var(--crit)}
table{border-collapse:collapse;background:#fff}th,td{border:1px solid var(--line);padding:4px 10px;text-align:left;vertical-align:top}
.counts td{text-align:center;font-weight:600}
.notice{border-radius:6px;padding:10px 14px;margin:12px 0}.notice.error{background:#fff0f0;border:1px solid #f1a9a9}.notice.warn{background:#fff9e6;border:1px solid #f0d67a}
.filters{position:sticky;top:0;z-index:2;display:flex;gap:14px;flex-wrap:wrap;align-items:center;background:var(--bg);padding:10px 0;border-bottom:1px solid var(--line)}
select{font:inherit;padding:2px 4px}
.finding{background:#fff;border:1px solid var(--line);border-left:5px solid var(--info);border-radius:6px;padding:10px 14px;margin:12px 0}
.finding.sev-critical{border-left-color:var(--crit)}.finding.sev-high{border-left-color:var(--high)}.finding.sev-medium{border-left-color:var(--med)}.finding.sev-low{border-left-color:var(--low)}
.finding[data-status="suppressed"],.finding[data-status="baselined"]{opacity:.75}
.badge{display:inline-block;border-radius:3px;padding:0 6px;font-size:11px;font-weight:700;text-transform:uppercase;color:#fff;background:var(--info)}
.badge.sev-critical{background:var(--crit)}.badge.sev-high{background:var(--high)}.badge.sev-medium{background:var(--med)}.badge.sev-low{background:var(--low)}
.badge.class{background:#495057}.badge.accepted{background:#868e96}.title{font-weight:600}.message{margin:6px 0}
dl{display:grid;grid-template-columns:110px 1fr;gap:2px 10px;margin:6px 0}dt{color:#5c6670}dd{margin:0}.remediation{white-space:pre-wrap}
pre{background:#f1f3f5;padding:8px;overflow:auto;max-height:360px;font-size:12px}
.graph{overflow-x:auto;margin:8px 0}.graph h4{margin:4px 0}
.path-graph .node rect{fill:#eef3ff;stroke:#4c6ef5;stroke-width:1.5}.path-graph .node.start rect{fill:#fff4e6;stroke:var(--high)}.path-graph .node.end rect{fill:#fff0f0;stroke:var(--crit)}
.path-graph text{font:12px system-ui,sans-serif;fill:#1d2127}.path-graph .sub{font-size:10px;fill:#5c6670}.path-graph .name{font-weight:600}
.path-graph .edge path{fill:none;stroke:#495057;stroke-width:1.5}.path-graph .edge polygon{fill:#495057}.path-graph .edge.conditional path{stroke-dasharray:5 4}
.path-graph .edge text{font-size:11px;fill:#343a40}
.path-graph .edge.cut path{stroke:var(--crit);stroke-width:2.5;stroke-dasharray:7 4}.path-graph .edge.cut polygon{fill:var(--crit)}.path-graph .edge.cut text{fill:var(--crit);font-weight:600}
#plan ol{padding-left:22px}#plan li{margin:6px 0}#plan .cost{color:#666;font-size:12px}#plan ul{margin:2px 0 0;padding-left:18px;font-size:13px}.card.not-assessed{opacity:.6}
.controls .status{white-space:nowrap}.controls .status-fail .status{color:var(--crit);font-weight:700}.controls .status-pass .status{color:#2b8a3e;font-weight:700}.controls .status-not-covered .status{color:#5c6670}
code.not-evaluated{text-decoration:line-through}
.hidden{display:none}
`

export const JS = `
(function () {
  var ids = ['f-severity', 'f-class', 'f-account', 'f-env', 'f-status'];
  var keys = ['severity', 'class', 'account', 'env', 'status'];
  var cards = Array.prototype.slice.call(document.querySelectorAll('.finding'));
  var shown = document.getElementById('shown');
  function apply() {
    var want = ids.map(function (id) { var el = document.getElementById(id); return el ? el.value : ''; });
    var n = 0;
    cards.forEach(function (card) {
      var ok = keys.every(function (k, i) { return !want[i] || card.dataset[k] === want[i]; });
      card.classList.toggle('hidden', !ok);
      if (ok) n++;
    });
    if (shown) shown.textContent = n + ' of ' + cards.length + ' findings shown';
  }
  ids.forEach(function (id) { var el = document.getElementById(id); if (el) el.addEventListener('change', apply); });
  apply();
})();
`
