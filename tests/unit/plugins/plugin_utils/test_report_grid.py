# -*- coding: utf-8 -*-
"""The report of many integrations: a grid tenant by integration, each tenant's integrations, JSON, Markdown, merge."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import re

import jsonschema
import pytest

from ansible_collections.msp.connectwise_psa.plugins.filter.psa import tenant_status
from ansible_collections.msp.connectwise_psa.plugins.plugin_utils import _report as reports
from ansible_collections.msp.connectwise_psa.plugins.plugin_utils import _report_merge as report_merge
from tests.collection_path import ROOT
from tests.report_sample import (INTEGRATIONS, LONG_ERROR, LONG_TENANT, GridPage, grid_report, grid_statuses,
                                 sample_report)

SCHEMA = os.path.join(ROOT, 'docs', 'report.schema.json')


@pytest.fixture(scope='module')
def schema():
    with open(SCHEMA) as stream:
        document = json.load(stream)
    jsonschema.Draft202012Validator.check_schema(document)
    return document


def validate(report, schema):
    jsonschema.validate(json.loads(reports.render(report, 'json')), schema, cls=jsonschema.Draft202012Validator)


def by_tenant(report):
    return dict((entry['tenant'], entry) for entry in report['tenants'])


@pytest.mark.parametrize('check_mode', [False, True])
def test_the_grid_report_matches_the_schema_and_says_its_layout(schema, check_mode):
    report = grid_report(check_mode)
    validate(report, schema)
    assert report['layout'] == 'integrations' and reports.is_grid(report)
    assert [column['name'] for column in report['integrations']] == list(INTEGRATIONS)
    assert 'layout' not in sample_report() and not reports.is_grid(sample_report())
    bad = grid_report()
    bad['tenants'][0]['integrations'][0]['surprise'] = 1
    with pytest.raises(jsonschema.ValidationError):
        validate(bad, schema)


def test_tenants_and_cells_are_counted_apart():
    report = grid_report()
    tenants = by_tenant(report)
    assert [tenants[name]['state'] for name in ('acme & <sons>', 'initech', LONG_TENANT, 'umbrella')] == [
        'failed', 'complete', 'failed', 'failed']
    assert tenants[LONG_TENANT]['error'] == LONG_ERROR and tenants[LONG_TENANT]['integrations'] == []
    assert tenants['umbrella']['error'] == 'failed before its status was recorded'
    totals = report['totals']
    assert (totals['tenants'], totals['complete'], totals['pending'], totals['failed'], totals['integrations']) == (4, 1, 0, 3, 8)
    acme = tenants['acme & <sons>']['integrations']
    assert totals['pending_steps'] == sum(len(cell['pending_steps']) for cell in acme) == 3 * 19
    columns = dict((column['name'], column) for column in report['integrations'])
    # acme and initech ran every integration; globex and umbrella failed before any, in every column.
    assert (columns['hudu']['pending'], columns['hudu']['complete'], columns['hudu']['failed']) == (1, 1, 2)
    assert (columns['mspbackups']['failed'], columns['acct_sync']['complete']) == (3, 2)
    assert [cell['integration'] for cell in acme] == list(INTEGRATIONS) and acme[1]['preset'] == 'hudu'


def test_html_grid_shows_each_cell_and_each_integration_with_its_steps_by_screen():
    report = grid_report()
    page = reports.render(report, 'html')
    parsed = GridPage()
    parsed.feed(page)
    assert parsed.headings == ['Tenant', 'Result'] + list(INTEGRATIONS)
    assert parsed.links and set(parsed.links) <= parsed.ids
    acme = parsed.cells['acme & <sons>']
    assert acme['acct_sync'] == '✓ complete' and acme['hudu'] == '… pending (19 steps)'
    assert acme['mspbackups'] == '✗ failed' and acme['Result'] == '✗ failed'
    assert set(parsed.cells[LONG_TENANT][name] for name in INTEGRATIONS) == {'✗ failed'}
    assert set(parsed.cells['initech'][name] for name in INTEGRATIONS) == {'✓ complete'}
    cells = [cell for entry in report['tenants'] for cell in entry['integrations']]
    assert len(parsed.sections) == len(cells)
    hudu = [section for key, section in parsed.sections.items() if key.startswith('tenant-1-') and '-hudu' in key][0]
    assert hudu['title'] == 'hudu: pending'
    assert hudu['steps'] == by_tenant(report)['acme & <sons>']['integrations'][1]['pending_steps']
    assert len(parsed.boxes) == len(set(parsed.boxes)) == report['totals']['pending_steps']
    assert '<sons>' not in page and 'Failed to resolve' in page
    assert '<h3 class="screen">' not in page and '<h4 class="screen">System &gt; Security Roles &gt; &#34;Hudu API&#34;</h4>' in page


def test_markdown_has_the_same_grid_and_sections():
    report = grid_report()
    text = reports.render(report, 'md')
    header = [line for line in text.splitlines() if line.startswith('| Tenant | Result |')][0]
    assert header == '| Tenant | Result |' + ''.join(' %s |' % reports._markdown(name) for name in INTEGRATIONS)
    rows = dict((re.match(r'\| \[([^\]]+)\]', line).group(1), line) for line in text.splitlines()
                if re.match(r'\| \[', line))
    assert '| [✓ complete](#tenant-1-acme-sons-1-acct_sync) | [… pending (19 steps)](#tenant-1-acme-sons-2-hudu) |' \
        in rows[reports._markdown('acme & <sons>')]
    assert rows[reports._markdown(LONG_TENANT)].count('✗ failed') == 9
    sections = [line for line in text.splitlines() if line.startswith('### ')]
    assert len(sections) == 16 and '### hudu: pending' in sections
    acme = by_tenant(report)['acme & <sons>']['integrations'][1]
    for group in reports.checklist(acme):
        assert '**%s**' % reports._markdown(group['screen']) in text
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', text))
    assert set(re.findall(r'\]\(#([^)]+)\)', text)) <= anchors


def test_statuses_of_one_integration_keep_todays_report():
    one = sample_report()
    assert 'integrations' not in one and all('integration' not in status for status in one['tenants'])
    status = tenant_status({}, {}, {}, tenant='t')
    assert 'integration' not in status and 'preset' not in status
    assert tenant_status({}, {}, {}, tenant='t', integration='hudu', preset='hudu')['integration'] == 'hudu'


def test_a_plain_status_among_lists_is_the_role_names_integration_or_the_tenants_error():
    pairs = grid_statuses()
    plain = dict(pairs[1][1][0])
    del plain['integration'], plain['preset']
    report = reports.build([pairs[0], ('initech', plain), ('x', tenant_status({}, {}, {}, error='boom', tenant='x'))],
                           role_name='Acct Sync API')
    tenants = by_tenant(report)
    assert [cell['integration'] for cell in tenants['initech']['integrations']] == ['Acct Sync API']
    assert tenants['x']['error'] == 'boom' and tenants['x']['integrations'] == []
    default = reports.build([pairs[0], ('initech', plain)])
    assert 'acct_sync' in [cell['integration'] for cell in by_tenant(default)['initech']['integrations']]


def test_summary_lines_add_one_line_per_integration():
    lines = reports.summary_lines(grid_report(), {})
    assert lines[:3] == ['complete: 1 tenant(s)', 'pending: 0 tenant(s), 57 manual step(s) in all', 'failed: 3 tenant(s)']
    assert lines[3:5] == ['acct_sync: 2 complete, 0 pending (0 step(s)), 2 failed',
                          'hudu: 1 complete, 1 pending (19 step(s)), 2 failed']
    assert len(lines) == 3 + len(INTEGRATIONS)


def test_sliced_grid_reports_merge_to_the_whole_and_refuse_another_kind(schema):
    pairs = grid_statuses()
    whole = reports.build(pairs, generated='2026-12-01 10:00:00 UTC')
    first = reports.build(pairs[:1] + pairs[2:3], generated='2026-12-01 10:00:00 UTC')
    second = reports.build(pairs[1:2] + pairs[3:], generated='2026-12-01 10:00:00 UTC')
    stats = report_merge.stats(second, 'cw_psa_report', 12)
    assert stats['cw_psa_report']['layout'] == 'integrations' and len(stats['cw_psa_report']['integrations']) == 8
    for parts in ([first, second], [second, first]):
        merged, duplicated = report_merge.merge(parts, generated='2026-12-01 10:00:00 UTC')
        assert merged == whole and duplicated == []
        validate(merged, schema)
    with pytest.raises(report_merge.MergeError, match='one kind'):
        report_merge.merge([first, sample_report()])


def test_a_status_from_before_steps_were_records_still_reports_and_matches_the_schema(schema):
    """An older job's report (pending_steps only) merged with a new one: its words become records of action other."""
    old = sample_report()
    for status in old['tenants']:
        del status['steps']
    merged, _duplicated = report_merge.merge([old])
    acme = [status for status in merged['tenants'] if status['tenant'] == 'acme & <sons>'][0]
    assert [step['action'] for step in acme['steps']] == ['other'] * 19
    assert [step['text'] for step in acme['steps']] == acme['pending_steps']
    validate(merged, schema)
