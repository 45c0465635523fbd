# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the msp.connectwise_psa collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
# See also: https://github.com/ansible/community/issues/539#issuecomment-780839686
# Please open an issue if you have questions about this.

"""The fleet report of the API-member posture audit: totals over tenants, and its Markdown.

Controller-only (Jinja2). The filters posture_report and posture_markdown call it; its JSON
shape is docs/posture.schema.json.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime

from jinja2 import Environment

from ansible_collections.msp.connectwise_psa.plugins.module_utils._posture_findings import (
    FINDING_IDS, FINDINGS, SEVERITIES, counts)
from ansible_collections.msp.connectwise_psa.plugins.plugin_utils._posture_templates import POSTURE_MARKDOWN

TENANT_KEYS = ('members', 'findings', 'counts', 'declared_checked', 'requests')


def _tenant(entry):
    """One tenant of the report from ``{tenant, company_id, result, error}``."""
    result = entry.get('result') or {}
    error = entry.get('error')
    if not error and 'members' not in result:
        error = result.get('msg') or 'failed before its audit was recorded'
    tenant = {'tenant': entry.get('tenant'), 'company_id': entry.get('company_id'), 'error': error or None}
    if tenant['error']:
        tenant.update(members=[], findings=[], counts=counts([]), declared_checked=False, requests=None)
    else:
        tenant.update((key, result.get(key)) for key in TENANT_KEYS)
    return tenant


def build(entries, generated=None):
    """``[{tenant, company_id, result, error}]`` -> ``{generated, totals, tenants}``."""
    tenants = sorted((_tenant(entry) for entry in entries), key=lambda tenant: tenant['tenant'] or '')
    audited = [tenant for tenant in tenants if not tenant['error']]
    totals = {
        'tenants': len(tenants),
        'audited': len(audited),
        'failed': len(tenants) - len(audited),
        'api_members': sum(len(tenant['members']) for tenant in audited),
        'inactive_members': sum(1 for tenant in audited for member in tenant['members'] if member.get('inactive')),
        'findings': sum(tenant['counts']['total'] for tenant in audited),
        'by_severity': dict((severity, sum(tenant['counts']['by_severity'][severity] for tenant in audited))
                            for severity in SEVERITIES),
        # "How many tenants have an admin-level API member", and so on for every finding.
        'tenants_with': dict((finding_id, sum(1 for tenant in audited if tenant['counts']['by_id'][finding_id]))
                             for finding_id in FINDING_IDS),
        'tenants_with_findings': sum(1 for tenant in audited if tenant['counts']['total']),
        'requests': sum(tenant['requests'] or 0 for tenant in audited),
    }
    generated = generated or datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M:%S UTC')
    return {'report': 'api_member_posture', 'generated': generated, 'totals': totals, 'tenants': tenants}


def _md(value):
    """A value inside a Markdown table cell or list item: pipes escaped, no line breaks."""
    return ('' if value is None else str(value)).replace('|', '\\|').replace('\n', ' ')


def markdown(report):
    environment = Environment(autoescape=False, keep_trailing_newline=True, trim_blocks=True)
    environment.filters['md'] = _md
    return environment.from_string(POSTURE_MARKDOWN).render(
        report=report, severities=SEVERITIES,
        meanings=[(finding_id, meaning) for finding_id, _severity, meaning in FINDINGS])
