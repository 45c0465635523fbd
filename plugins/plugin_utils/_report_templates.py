# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the msp.connectwise_psa collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
# See also: https://github.com/ansible/community/issues/539#issuecomment-780839686
# Please open an issue if you have questions about this.

"""The report's Jinja2 templates, by name: _report.py renders them (DictLoader).

They are Python constants, not .j2 files, because plugins/ holds Python only (what Galaxy
and antsibull-nox's no-unwanted-files check expect there). A long line is wrapped inside a
{{ }} or {% %} tag, where a line break prints nothing, so that the file passes the line-length
check. A new template is one more constant and one more entry in TEMPLATES.
Private to the collection: it may change in any release.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

# The page's style and its tick-keeping script, shared with the grid of many integrations (_report_grid_templates.py).
STYLE = u'''  :root { --text: #1d2330; --muted: #4f586a; --line: #d5d9e2; --ok: #176b2c; --wait: #8a4f00; --bad: #b00020; }
  * { box-sizing: border-box; }
  html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
  body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--text); line-height: 1.45;
         margin: 0 auto; padding: 1rem; max-width: 72rem; overflow-wrap: anywhere; }
  h1 { font-size: 1.45rem; margin: .2rem 0 .4rem; } h2 { font-size: 1.2rem; margin: 0 0 .4rem; }
  h3 { font-size: .95rem; margin: 1rem 0 .3rem; font-weight: 600; }
  a { color: #0b57d0; }
  .meta { color: var(--muted); margin: 0 0 1rem; }
  .audit { border: 1px solid var(--line); border-left: 4px solid #0b57d0; padding: .4rem .7rem; }
  .totals { display: grid; grid-template-columns: repeat(auto-fit, minmax(6.5rem, 1fr)); gap: .5rem; margin: 1rem 0 1.5rem; }
  .total { border: 1px solid var(--line); border-radius: .5rem; padding: .5rem .8rem; }
  .total b { display: block; font-size: 1.5rem; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; vertical-align: top; padding: .45rem .6rem; border-bottom: 1px solid var(--line); }
  th { font-size: .85rem; color: var(--muted); }
  .state { font-weight: 600; white-space: nowrap; }
  .state-complete { color: var(--ok); } .state-pending { color: var(--wait); } .state-failed { color: var(--bad); }
  .tenant { border-top: 2px solid var(--line); margin-top: 1.5rem; padding-top: 1rem; }
  .facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem .8rem; margin: .5rem 0; }
  .facts dt { color: var(--muted); } .facts dd { margin: 0; }
  .error { background: #fdecee; border-left: 4px solid var(--bad); padding: .5rem .8rem; white-space: pre-wrap; }
  .note { background: #eef1f7; border-left: 4px solid #6b7a99; padding: .5rem .8rem; }
  .screen { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .85rem; font-weight: 600; }
  ol.steps { list-style: none; margin: 0; padding: 0; }
  ol.steps li { border-bottom: 1px solid #eceef3; }
  ol.steps label { display: flex; gap: .6rem; align-items: flex-start; padding: .5rem .2rem; cursor: pointer; }
  ol.steps .number { min-width: 1.6rem; text-align: right; color: var(--muted); }
  ol.steps input { width: 1.25rem; height: 1.25rem; margin: .1rem 0 0; flex: none; }
  ol.steps input:checked + span { text-decoration: line-through; color: var(--muted); }
  .done { color: var(--ok); font-weight: 600; }
  .back { font-size: .9rem; }
  @media (max-width: 44rem) {
    body { padding: .75rem; }
    table.overview thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
    table.overview, table.overview tbody, table.overview tr, table.overview td { display: block; width: 100%; }
    table.overview tr { border: 1px solid var(--line); border-radius: .5rem; margin-bottom: .6rem; padding: .4rem .7rem; }
    table.overview td { border: 0; padding: .15rem 0; display: grid; grid-template-columns: 8.5rem 1fr; gap: .5rem; }
    table.overview td::before { content: attr(data-label); color: var(--muted); }
  }
  @media print {
    body { max-width: none; padding: 0; font-size: 10pt; color: #000; }
    a { color: inherit; text-decoration: none; }
    .back { display: none; }
    .tenant { break-before: page; border: 0; margin: 0; }
    h2, h3 { break-after: avoid; }
    ol.steps li, tr, .facts { break-inside: avoid; }
    .total, .error, .note, .audit { border-color: #000; background: none; }
    ol.steps input:checked + span { text-decoration: none; color: #000; }
  }
'''

SCRIPT = u'''<script>
// Keep the ticks of this report in the browser, so a reload does not lose them.
(function () {
  var key = 'msp.connectwise_psa:' + document.body.getAttribute('data-report'), ticks = {};
  try { ticks = JSON.parse(window.localStorage.getItem(key) || '{}'); } catch (e) { ticks = {}; }
  Array.prototype.forEach.call(document.querySelectorAll('ol.steps input'), function (box) {
    box.checked = !!ticks[box.id];
    box.addEventListener('change', function () {
      ticks[box.id] = box.checked;
      try { window.localStorage.setItem(key, JSON.stringify(ticks)); } catch (e) { /* private mode: ticks last the visit */ }
    });
  });
}());
</script>
'''

# One integration's facts, error, checklist and notes: a tenant's section here, an integration's in the grid
# (_report_grid_templates.py). Its last line's break is the caller's, so the pages read as they always did.
HTML_BODY = u'''{% macro html_body(t, role_name, member, heading) %}
<dl class="facts">
  <dt>Security role</dt><dd>{{ t.role.name or role_name }} — compliant: {{ t.role.compliant | yes_no
    }}{{ ', %d level(s) differ' % t.role.drift if t.role.drift else '' }}{{ ', created by this run' if t.role.created else '' }}</dd>
  <dt>API member</dt><dd>{{ (t.member.identifier or member) }} — in place: {{ t.member.ok | yes_no
    }}{{ ', changed by this run' if t.member.changed else '' }}{{ ', inactive' if t.member.inactive else '' }}</dd>
  <dt>API key</dt><dd>{{ t.key | key_summary }}</dd>
</dl>
{% if t.error %}
<p class="error"><strong>Error:</strong> {{ t.error }}</p>
{% endif %}
{% if t.checklist %}
<p>Steps in the PSA web UI, in order ({{ t.pending_steps | length }}); tick each one when done:</p>
{% for group in t.checklist %}
{% if group.screen %}<{{ heading }} class="screen">{{ group.screen }}</{{ heading }}>{% elif not loop.first
  %}<{{ heading }} class="other">Other steps</{{ heading }}>{% endif %}
<ol class="steps">
{% for step in group.steps %}
  <li><label><span class="number">{{ step.number }}.</span><input type="checkbox" id="{{ t.anchor }}-step-{{ step.number
    }}"><span>{{ step.text }}</span></label></li>
{% endfor %}
</ol>
{% endfor %}
{% elif t.state == 'complete' %}
<p class="done">✓ Nothing left to do.</p>
{% endif %}
{% for note in t.notes %}
<p class="note"><strong>Note:</strong> {{ note }}</p>
{% endfor %}
{% endmacro %}
'''

MD_BODY = u'''{% macro md_body(t, role_name, member) %}
- Security role: {{ (t.role.name or role_name) | md }} — compliant: {{ t.role.compliant | yes_no
  }}{{ ', %d level(s) differ' % t.role.drift if t.role.drift else '' }}{{ ', created by this run' if t.role.created else '' }}
- API member: {{ (t.member.identifier or member) | md }} — in place: {{ t.member.ok | yes_no
  }}{{ ', changed by this run' if t.member.changed else '' }}{{ ', inactive' if t.member.inactive else '' }}
- API key: {{ t.key | key_summary | md }}
{% if t.error %}

**Error:** {{ t.error | md }}
{% endif %}
{% if t.checklist %}

Steps in the PSA web UI, in order ({{ t.pending_steps | length }}); tick each one when done:
{% for group in t.checklist %}
{% if group.screen %}

**{{ group.screen | md }}**
{% elif not loop.first %}

**Other steps**
{% endif %}

{% for step in group.steps %}
{{ step.number }}. [ ] {{ step.text | md }}
{% endfor %}
{% endfor %}
{% elif t.state == 'complete' %}

✓ Nothing left to do.
{% endif %}
{% for note in t.notes %}

**Note:** {{ note | md }}
{% endfor %}
{% endmacro %}
'''

REPORT_HTML = HTML_BODY + u'''<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ report.role_name }}: API member setup report</title>
<style>
''' + STYLE + u'''</style>
</head>
<body data-report="{{ report.role_name }} {{ report.generated }}">
<h1 id="overview">{{ report.role_name }}: API member setup report</h1>
<p class="meta">Generated {{ report.generated }} · member "{{ report.member }}"</p>
{% if report.check_mode %}
<p class="audit"><strong>Audit:</strong> run in check mode, nothing was changed in any tenant. The steps say what remains.</p>
{% endif %}
<div class="totals">
{% for label, key in [['Tenants', 'tenants'], ['Complete', 'complete'], ['Pending', 'pending'], ['Failed', 'failed'],
                      ['Role compliant', 'role_compliant'], ['Key verified', 'key_verified'], ['Pending steps', 'pending_steps']] %}
  <div class="total"><b>{{ report.totals[key] }}</b>{{ label }}</div>
{% endfor %}
</div>
<table class="overview">
<thead><tr>{% for heading in ['Tenant', 'Company', 'Result', 'Role compliant', 'Member', 'Key', 'Steps']
  %}<th scope="col">{{ heading }}</th>{% endfor %}</tr></thead>
<tbody>
{% for t in report.tenants %}
<tr>
  <td data-label="Tenant"><a href="#{{ t.anchor }}">{{ t.tenant }}</a></td>
  <td data-label="Company">{{ t.company_id or '—' }}</td>
  <td data-label="Result"><span class="state state-{{ t.state }}">{{ {'complete': '✓', 'pending': '…', 'failed': '✗'}[t.state]
    }} {{ t.state }}</span></td>
  <td data-label="Role compliant">{{ t.role.compliant | yes_no }}</td>
  <td data-label="Member">{{ t.member.identifier if t.member.ok else 'not in place' }}</td>
  <td data-label="Key">{{ t.key.status | key_words }}</td>
  <td data-label="Steps">{{ t.pending_steps | length }}</td>
</tr>
{% endfor %}
</tbody>
</table>
{% for t in report.sections %}
<section class="tenant" id="{{ t.anchor }}" aria-labelledby="{{ t.anchor }}-title">
<h2 id="{{ t.anchor }}-title">{{ t.tenant }}{{ ' (company ' ~ t.company_id ~ ')' if t.company_id else ''
  }}: <span class="state state-{{ t.state }}">{{ t.state }}</span></h2>
{{ html_body(t, report.role_name, report.member, 'h3') -}}
<p class="back"><a href="#overview">Back to the overview</a></p>
</section>
{% endfor %}
''' + SCRIPT + u'''</body>
</html>
'''

REPORT_MD = MD_BODY + u'''<a id="top"></a>
# {{ report.role_name | md }}: API member setup report

Generated {{ report.generated }} · member "{{ report.member | md }}"
{% if report.check_mode %}

**Audit:** run in check mode, nothing was changed in any tenant. The steps say what remains.
{% endif %}

| Tenants | Complete | Pending | Failed | Role compliant | Key verified | Pending steps |
|---:|---:|---:|---:|---:|---:|---:|
| {{ report.totals.tenants }} | {{ report.totals.complete }} | {{ report.totals.pending }} | {{ report.totals.failed
  }} | {{ report.totals.role_compliant }} | {{ report.totals.key_verified }} | {{ report.totals.pending_steps }} |

| Tenant | Company | Result | Role compliant | Member | Key | Steps |
|---|---|---|---|---|---|---:|
{% for t in report.tenants %}
| [{{ t.tenant | md }}](#{{ t.anchor }}) | {{ (t.company_id or '-') | md }} | {{ {'complete': '✓', 'pending': '…', 'failed': '✗'}[t.state]
  }} {{ t.state }} | {{ t.role.compliant | yes_no }} | {{ (t.member.identifier if t.member.ok else 'not in place') | md
  }} | {{ t.key.status | key_words }} | {{ t.pending_steps | length }} |
{% endfor %}
{% for t in report.sections %}

<a id="{{ t.anchor }}"></a>
## {{ t.tenant | md }}{{ (' (company ' ~ t.company_id ~ ')') | md if t.company_id else '' }}: {{ t.state }}

{{ md_body(t, report.role_name, report.member) }}
[Back to the overview](#top)
{% endfor %}
'''

TEMPLATES = {
    'report.html.j2': REPORT_HTML,
    'report.md.j2': REPORT_MD,
}
