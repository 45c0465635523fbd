# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the msp.connectwise_psa collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
# See also: https://github.com/ansible/community/issues/539#issuecomment-780839686
# Please open an issue if you have questions about this.

"""Job artifacts that survive AWX's merge of sliced jobs, and one report made from them again.

AWX hands a workflow node the artifacts of the nodes before it merged with a shallow
dict.update, in the order the jobs finished (awx/main/models/workflow.py); the slices of a
sliced job are such nodes. One artifact name for every slice would keep only the last one,
so an AWX job's full report goes under a name of its own, ``<name>_job_<awx_job_id>``, and
the stable name carries only that job's summary.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import re

from ansible_collections.msp.connectwise_psa.plugins.plugin_utils import _report as reports

JOB_SUFFIX = '_job_'


def job_key(name, job_id):
    return '%s%s%s' % (name, JOB_SUFFIX, job_id)


def job_key_pattern(name):
    """The regular expression of the per-job artifact names (for ansible.builtin.varnames)."""
    return '^%s%s[0-9]+$' % (re.escape(name), JOB_SUFFIX)


def stats(report, name, job_id=None):
    """The custom stats of one run: the whole report under ``name``, or, in an AWX job, under its
    own name with a summary under ``name`` (that one is the last finished slice's after a merge)."""
    if job_id in (None, ''):
        return {name: report}
    key = job_key(name, job_id)
    summary = dict((field, report.get(field)) for field in ('generated', 'check_mode', 'role_name', 'member', 'totals'))
    if reports.is_grid(report):
        summary.update(layout=report['layout'], integrations=report['integrations'])
    summary.update(job_id=str(job_id), report_key=key, report_keys_pattern=job_key_pattern(name))
    return {key: report, name: summary}


def job_keys(name, variables):
    """The names of the per-job reports among ``variables``, by job id."""
    pattern = re.compile(job_key_pattern(name))
    return sorted((key for key in variables if pattern.match(key)), key=lambda key: int(key.rsplit('_', 1)[1]))


def as_data(value):
    """Plain JSON data: whatever the value was tagged with (trusted as a template, for one), it is text now."""
    return json.loads(json.dumps(value))


class MergeError(ValueError):
    pass


def _host_status(status, grid):
    """A tenant of a report as cw_status_report's input again: its status, or in a grid its list of statuses."""
    if not grid:
        return status
    items = list(status.get('integrations') or [])
    if status.get('error'):
        # The tenant's own error (before or beside its integrations): a status that names no integration.
        items.append({'tenant': status.get('tenant'), 'company_id': status.get('company_id'), 'error': status['error']})
    return items


def merge(parts, generated=None):
    """The reports of several jobs (``[report]``) -> one report; ``(report, duplicated tenants)``.

    A tenant reported by more than one job (a slice run again) keeps its newest status. The
    parts are all of one integration or all tenant by integration (the same playbook's slices).
    """
    if not parts:
        raise MergeError('no report to merge')
    newest = {}
    duplicated = set()
    for index, part in enumerate(parts):
        if not isinstance(part, dict) or not isinstance(part.get('tenants'), list):
            raise MergeError('reports[%d] is not a report (a mapping with tenants); pass the artifacts named '
                             '<name>%s<id>, not the summary under <name>' % (index, JOB_SUFFIX))
        if reports.is_grid(part) != reports.is_grid(parts[0]):
            raise MergeError('reports[%d] is %s, reports[0] %s: merge the reports of one playbook (one kind) at a time'
                             % (index, _kind(part), _kind(parts[0])))
        for status in part['tenants']:
            tenant = status.get('tenant')
            rank = (str(part.get('generated') or ''), index)
            if tenant in newest:
                duplicated.add(tenant)
                if newest[tenant][0] > rank:
                    continue
            newest[tenant] = (rank, status)
    first, grid = parts[0], reports.is_grid(parts[0])
    # A grid's columns keep the order of the first report that names them.
    order = []
    for part in parts if grid else []:
        for column in part.get('integrations') or []:
            if column.get('name') not in order:
                order.append(column.get('name'))
    report = reports.build([(tenant, _host_status(status, grid)) for tenant, (rank, status) in newest.items()],
                           role_name=first.get('role_name'), member=first.get('member'),
                           check_mode=all(part.get('check_mode') for part in parts), generated=generated,
                           integration_order=order)
    return report, sorted(duplicated, key=lambda tenant: tenant or '')


def _kind(report):
    return 'tenant by integration' if reports.is_grid(report) else 'of one integration'
