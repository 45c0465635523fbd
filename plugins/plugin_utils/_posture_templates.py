# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the msp.connectwise_psa collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
# See also: https://github.com/ansible/community/issues/539#issuecomment-780839686
# Please open an issue if you have questions about this.

"""The Markdown template of the API-member posture report (rendered by posture_report.markdown)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

POSTURE_MARKDOWN = """\
# API member posture

Generated {{ report.generated }}. Read only: no request of this audit changed anything.
{% set t = report.totals %}

| Fleet | |
|---|---|
| Tenants audited | {{ t.audited }} of {{ t.tenants }}{% if t.failed %} ({{ t.failed }} failed){% endif %} |
| API members | {{ t.api_members }} ({{ t.inactive_members }} inactive) |
| Findings | {{ t.findings }}: {% for severity in severities %}{{ t.by_severity[severity] }} {{ severity }}{{ ", " if not loop.last }}{% endfor %} |
{% for finding_id, meaning in meanings %}| Tenants where {{ meaning }} | {{ t.tenants_with[finding_id] }} |
{% endfor %}
{% for tenant in report.tenants %}

## {{ tenant.tenant }}{% if tenant.company_id %} (company {{ tenant.company_id }}){% endif %}


{% if tenant.error %}**Not audited:** {{ tenant.error }}
{% else %}{{ tenant.members | length }} API member(s), {{ tenant.counts.total }} finding(s)\
{% if not tenant.declared_checked %}; no integrations declared, so undeclared and missing members were not checked\
{% endif %}.

| Member | Name | State | Role | Level | Location | Findings |
|---|---|---|---|---|---|---|
{% for m in tenant.members %}| {{ m.identifier | md }} | {{ m.name | md }} | {{ "inactive" if m.inactive else "active" }} \
| {{ m.role.name or ("id %s" % m.role.id if m.role.id is not none else "none") | md }}\
{% if m.role.state != "active" %} ({{ m.role.state }}){% endif %} | {{ m.level | md }} \
| {{ m.location | md }} | {{ m.findings | join(", ") or "none" }} |
{% endfor %}
{% if tenant.findings %}

{% endif %}
{% for f in tenant.findings %}
- [ ] **{{ f.severity }}** `{{ f.id }}`: {{ f.message | md }}
  - Fix: {{ f.step | md }}
{% endfor %}{% endif %}{% endfor %}
"""
