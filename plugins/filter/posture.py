# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters of the API-member posture audit (playbooks/audit_api_members.yml): the fleet report."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.msp.connectwise_psa.plugins.plugin_utils import _posture_report as reports


def posture_report(entries, generated=None):
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise AnsibleFilterError('posture_report: the input must be a list of {tenant, company_id, result, error}')
    return reports.build(entries, generated=generated)


def posture_markdown(report):
    if not isinstance(report, dict) or 'tenants' not in report:
        raise AnsibleFilterError('posture_markdown: the input must be the result of posture_report')
    return reports.markdown(report)


class FilterModule(object):
    def filters(self):
        return {'posture_report': posture_report, 'posture_markdown': posture_markdown}
