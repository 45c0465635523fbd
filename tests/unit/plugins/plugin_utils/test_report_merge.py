# -*- coding: utf-8 -*-
"""Artifacts that survive AWX's shallow merge of sliced jobs, merged back into one report."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import itertools
import json
import os
import re

import jsonschema
import pytest

from ansible_collections.msp.connectwise_psa.plugins.filter.psa import tenant_status
from ansible_collections.msp.connectwise_psa.plugins.plugin_utils import _report as reports
from ansible_collections.msp.connectwise_psa.plugins.plugin_utils import _report_merge as report_merge
from tests.collection_path import ROOT

TENANTS = ['t%02d' % number for number in range(1, 8)]


def status(tenant, error=None):
    return tenant_status({}, {}, {}, error=error, tenant=tenant, company_id=tenant)


def slice_report(number, count=3, generated='2026-12-01 10:00:00 UTC', error_for=()):
    hosts = sorted(TENANTS)[number - 1::count]
    return reports.build([(tenant, status(tenant, 'boom' if tenant in error_for else None)) for tenant in hosts],
                         role_name='R', member='M', generated=generated)


def test_outside_awx_the_whole_report_keeps_its_stable_name():
    report = slice_report(1)
    assert report_merge.stats(report, 'acct_sync_report') == {'acct_sync_report': report}


def test_an_awx_job_names_its_report_after_the_job_and_keeps_a_summary():
    report = slice_report(1)
    data = report_merge.stats(report, 'acct_sync_report', 4711)
    assert data['acct_sync_report_job_4711'] is report
    summary = data['acct_sync_report']
    assert summary['job_id'] == '4711' and summary['report_key'] == 'acct_sync_report_job_4711'
    assert summary['totals'] == report['totals'] and 'tenants' not in summary
    assert re.match(summary['report_keys_pattern'], 'acct_sync_report_job_4711')
    assert not re.match(summary['report_keys_pattern'], 'acct_sync_report')


def test_three_slices_merged_in_any_finish_order_give_every_tenant_once():
    schema = json.load(open(os.path.join(ROOT, 'docs', 'report.schema.json')))
    jobs = dict((100 + number, report_merge.stats(slice_report(number, error_for=('t05',)), 'acct_sync_report', 100 + number))
                for number in (1, 2, 3))
    for order in itertools.permutations(sorted(jobs)):
        merged = {}
        for job_id in order:
            merged.update(jobs[job_id])       # AWX: aa_dict.update(job artifacts), in finish order
        parts = [value for name, value in sorted(merged.items()) if re.match(report_merge.job_key_pattern('acct_sync_report'), name)]
        report, duplicated = report_merge.merge(parts)
        assert [entry['tenant'] for entry in report['tenants']] == TENANTS and duplicated == []
        assert report['totals']['tenants'] == 7 and report['totals']['failed'] == 1
        assert report['role_name'] == 'R' and report['check_mode'] is False
        jsonschema.validate(report, schema)


def test_a_tenant_in_two_reports_keeps_the_newest_status():
    old = slice_report(1, generated='2026-12-01 10:00:00 UTC', error_for=('t01',))
    new = slice_report(1, generated='2026-12-01 11:00:00 UTC')
    for parts in ([old, new], [new, old]):
        report, duplicated = report_merge.merge(parts)
        assert duplicated == ['t01', 't04', 't07']
        assert [entry['error'] for entry in report['tenants']] == [None, None, None]


def test_check_mode_only_when_every_report_was_an_audit():
    audit = dict(slice_report(1), check_mode=True)
    assert report_merge.merge([audit, dict(slice_report(2), check_mode=True)])[0]['check_mode'] is True
    assert report_merge.merge([audit, slice_report(2)])[0]['check_mode'] is False


@pytest.mark.parametrize('parts', [[], [{'totals': {}}], ['text']])
def test_what_is_not_a_report_is_refused(parts):
    with pytest.raises(report_merge.MergeError):
        report_merge.merge(parts)


def test_job_keys_are_the_per_job_reports_in_job_order():
    variables = {'acct_sync_report_job_12': 1, 'acct_sync_report_job_9': 2, 'acct_sync_report': 3,
                 'acct_sync_audit_job_5': 4, 'acct_sync_report_job_x': 5, 'other': 6}
    assert report_merge.job_keys('acct_sync_report', variables) == ['acct_sync_report_job_9', 'acct_sync_report_job_12']
    assert report_merge.job_keys('acct_sync_audit', variables) == ['acct_sync_audit_job_5']


def test_as_data_gives_plain_types():
    class Tagged(str):
        pass
    data = report_merge.as_data({'tenants': [{'tenant': Tagged('{{ x }}')}]})
    tenant = data['tenants'][0]['tenant']
    assert isinstance(tenant, str) and not isinstance(tenant, Tagged) and tenant == '{{ x }}'
