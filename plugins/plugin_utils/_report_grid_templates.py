# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the msp.connectwise_psa collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
# See also: https://github.com/ansible/community/issues/539#issuecomment-780839686
# Please open an issue if you have questions about this.

"""The templates of a report of many integrations: a grid tenant by integration, then each tenant's integrations.

_report.py renders them when the report's ``layout`` is ``integrations``; a report of one
integration keeps _report_templates.py's pages. The style, the tick-keeping script and each
integration's body (facts, checklist, notes) are that file's; the grid adds its own rules
(on a phone each tenant's row becomes a card, one line per integration).
As there, a long line is wrapped inside a {{ }} or {% %} tag.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.msp.connectwise_psa.plugins.plugin_utils._report_templates import HTML_BODY, MD_BODY, SCRIPT, STYLE

GRID_STYLE = u'''  .integration { border-left: 3px solid var(--line); margin: 1.2rem 0 0; padding: 0 0 0 .8rem; }
  .integration h3 { font-size: 1.05rem; margin: 0 0 .3rem; }
  h4.screen, h4.other { margin: .9rem 0 .3rem; }
  h4.other { font-size: .95rem; font-weight: 600; }
  table.grid td a.state { text-decoration: none; }
  table.grid .count { font-weight: 400; color: var(--muted); }
  /* Many columns: a cell's words may wrap, so eight integrations fit a desktop screen too. */
  .totals { grid-template-columns: repeat(auto-fit, minmax(7.5rem, 1fr)); }
  table.grid { font-size: .9rem; } table.grid .state { white-space: normal; }
  table.grid th, table.grid td { padding: .4rem .45rem; }
  /* Words break only where they must on a wide screen (complete, not comple-te); a phone shows cards. */
  @media (min-width: 44.01rem) { table.grid th, table.grid td { overflow-wrap: break-word; } }
  @media print { .integration { break-inside: auto; border: 0; padding: 0; } }
'''

CELL = (u"{% macro cell(item) %}{{ {'complete': '✓', 'pending': '…', 'failed': '✗'}[item.state] }} {{ item.state }}"
        u"{% if item.state == 'pending' %} ({{ item.pending_steps | length }} step{{ '' if item.pending_steps | length == 1"
        u" else 's' }}){% endif %}{% endmacro %}\n")

REPORT_GRID_HTML = HTML_BODY + u'''<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ report.title }}</title>
<style>
''' + STYLE + GRID_STYLE + u'''</style>
</head>
<body data-report="{{ report.title }} {{ report.generated }}">
''' + CELL + u'''<h1 id="overview">{{ report.title }}</h1>
<p class="meta">Generated {{ report.generated }} · {{ report.integrations | length }} integration(s): {{
  report.integration_names | join(', ') }}</p>
{% if report.check_mode %}
<p class="audit"><strong>Audit:</strong> run in check mode, nothing was changed in any tenant. The steps say what remains.</p>
{% endif %}
<div class="totals">
{% for label, key in [['Tenants', 'tenants'], ['Complete', 'complete'], ['Pending', 'pending'], ['Failed', 'failed'],
                      ['Integrations', 'integrations'], ['Pending steps', 'pending_steps']] %}
  <div class="total"><b>{{ report.totals[key] }}</b>{{ label }}</div>
{% endfor %}
</div>
<table class="overview grid">
<thead><tr><th scope="col">Tenant</th><th scope="col">Result</th>{% for name in report.integration_names
  %}<th scope="col">{{ name }}</th>{% endfor %}</tr></thead>
<tbody>
{% for t in report.tenants %}
<tr>
  <td data-label="Tenant"><a href="#{{ t.anchor }}">{{ t.tenant }}</a></td>
  <td data-label="Result"><span class="state state-{{ t.state }}">{{ {'complete': '✓', 'pending': '…', 'failed': '✗'}[t.state]
    }} {{ t.state }}</span></td>
{% for item in t.row %}
  <td data-label="{{ report.integration_names[loop.index0] }}">{% if item %}<a class="state state-{{ item.state }}" href="#{{
    item.anchor }}">{{ cell(item) }}</a>{% elif t.error %}<span class="state state-failed">✗ failed</span>{% else
    %}<span class="count">not run</span>{% endif %}</td>
{% endfor %}
</tr>
{% endfor %}
</tbody>
</table>
{% for t in report.sections %}
<section class="tenant" id="{{ t.anchor }}" aria-labelledby="{{ t.anchor }}-title">
<h2 id="{{ t.anchor }}-title">{{ t.tenant }}{{ ' (company ' ~ t.company_id ~ ')' if t.company_id else ''
  }}: <span class="state state-{{ t.state }}">{{ t.state }}</span></h2>
{% if t.error %}
<p class="error"><strong>Error:</strong> {{ t.error }}</p>
{% endif %}
{% for i in t.sections %}
<section class="integration" id="{{ i.anchor }}" aria-labelledby="{{ i.anchor }}-title">
<h3 id="{{ i.anchor }}-title">{{ i.integration }}{{ ' (preset ' ~ i.preset ~ ')' if i.preset and i.preset != i.integration
  else '' }}: <span class="state state-{{ i.state }}">{{ i.state }}</span></h3>
{{ html_body(i, '—', '—', 'h4') -}}
</section>
{% endfor %}
<p class="back"><a href="#overview">Back to the overview</a></p>
</section>
{% endfor %}
''' + SCRIPT + u'''</body>
</html>
'''

REPORT_GRID_MD = MD_BODY + u'''<a id="top"></a>
''' + CELL + u'''# {{ report.title | md }}

Generated {{ report.generated }} · {{ report.integrations | length }} integration(s): {{ report.integration_names | join(', ') | md }}
{% if report.check_mode %}

**Audit:** run in check mode, nothing was changed in any tenant. The steps say what remains.
{% endif %}

| Tenants | Complete | Pending | Failed | Integrations | Pending steps |
|---:|---:|---:|---:|---:|---:|
| {{ report.totals.tenants }} | {{ report.totals.complete }} | {{ report.totals.pending }} | {{ report.totals.failed
  }} | {{ report.totals.integrations }} | {{ report.totals.pending_steps }} |

| Tenant | Result |{% for name in report.integration_names %} {{ name | md }} |{% endfor %}

|---|---|{% for name in report.integration_names %}---|{% endfor %}

{% for t in report.tenants %}
| [{{ t.tenant | md }}](#{{ t.anchor }}) | {{ {'complete': '✓', 'pending': '…', 'failed': '✗'}[t.state] }} {{ t.state
  }} |{% for item in t.row %} {% if item %}[{{ cell(item) }}](#{{ item.anchor }}){% elif t.error %}✗ failed{% else
  %}not run{% endif %} |{% endfor %}

{% endfor %}
{% for t in report.sections %}

<a id="{{ t.anchor }}"></a>
## {{ t.tenant | md }}{{ (' (company ' ~ t.company_id ~ ')') | md if t.company_id else '' }}: {{ t.state }}
{% if t.error %}

**Error:** {{ t.error | md }}
{% endif %}
{% for i in t.sections %}

<a id="{{ i.anchor }}"></a>
### {{ i.integration | md }}{{ (' (preset ' ~ i.preset ~ ')') | md if i.preset and i.preset != i.integration
  else '' }}: {{ i.state }}

{{ md_body(i, '-', '-') }}{% endfor %}

[Back to the overview](#top)
{% endfor %}
'''

GRID_TEMPLATES = {
    'grid.html.j2': REPORT_GRID_HTML,
    'grid.md.j2': REPORT_GRID_MD,
}
