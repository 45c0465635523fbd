# -*- coding: utf-8 -*-
"""The status report: its JSON shape (docs/report.schema.json), HTML and Markdown, files and paths."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import re
import stat
import time

import jsonschema
import pytest

from ansible_collections.msp.connectwise_psa.plugins.module_utils import _steps as steps
from ansible_collections.msp.connectwise_psa.plugins.plugin_utils import _report as reports
from tests.collection_path import ROOT
from tests.report_sample import LONG_ERROR, LONG_TENANT, MEMBER, ROLE, ReportPage, sample_report

SCHEMA = os.path.join(ROOT, 'docs', 'report.schema.json')
ROLE_SCREEN = 'System > Security Roles > "%s"' % ROLE
KEY_SCREEN = 'System > Members > API Members > "%s" > API Keys' % MEMBER


@pytest.fixture(scope='module')
def schema():
    with open(SCHEMA) as stream:
        document = json.load(stream)
    jsonschema.Draft202012Validator.check_schema(document)
    return document


@pytest.fixture
def report():
    return sample_report()


def by_tenant(report):
    return dict((status['tenant'], status) for status in report['tenants'])


@pytest.mark.parametrize('check_mode', [False, True])
def test_report_and_its_json_file_match_the_schema(schema, tmp_path, check_mode):
    report = sample_report(check_mode)
    jsonschema.validate(report, schema, cls=jsonschema.Draft202012Validator)
    paths = reports.write(report, str(tmp_path), 'r')
    with open(paths['json']) as stream:
        jsonschema.validate(json.load(stream), schema, cls=jsonschema.Draft202012Validator)


def test_schema_refuses_an_undocumented_field(schema, report):
    report['tenants'][0]['surprise'] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(report, schema, cls=jsonschema.Draft202012Validator)


def test_steps_one_per_function_row_then_customize_then_key_and_the_note_apart(report):
    acme = by_tenant(report)['acme & <sons>']
    steps = acme['pending_steps']
    assert len(steps) == 16 + 1 + 2            # 16 function rows, 1 Customize list, 2 key steps
    assert steps[2] == (ROLE_SCREEN + ' > Finance > Accounting Interface: '
                        'Add All, Edit All, Delete All, Inquire All (now None, None, None, None)')
    assert steps[4] == ROLE_SCREEN + ' > Finance > Invoicing: Edit All, Delete All, Inquire All (now None, None, None)'
    assert steps[16] == (ROLE_SCREEN + ' > System > Table Setup: click Customize and tick "General Ledger / GL Accounts", '
                         '"Invoicing / Billing Terms" under "Allow access to these", then Save')
    assert steps[17].startswith(KEY_SCREEN + ': click + (New)')
    assert not [step for step in steps if 'if the private key was lost' in step]
    assert acme['notes'] == [KEY_SCREEN + ': if the private key was lost, delete that key and create a new one']
    assert report['totals']['pending_steps'] == 19


def test_checklist_groups_steps_by_screen_and_numbers_them_through(report):
    acme = by_tenant(report)['acme & <sons>']
    groups = reports.checklist(acme, ROLE, MEMBER)
    assert [group['screen'] for group in groups] == [ROLE_SCREEN, KEY_SCREEN]
    numbers = [step['number'] for group in groups for step in group['steps']]
    assert numbers == list(range(1, 20))
    rebuilt = [group['screen'] + (' > ' if group['screen'] == ROLE_SCREEN else ': ') + step['text']
               for group in groups for step in group['steps']]
    assert rebuilt == acme['pending_steps']
    assert reports.checklist({'pending_steps': ['do this']}) == [{'screen': None, 'steps': [{'number': 1, 'text': 'do this'}]}]


def test_html_is_usable_escaped_once_and_carries_every_step(report):
    page = reports.render(report, 'html')
    parsed = ReportPage()
    parsed.feed(page)
    assert {'name': 'viewport', 'content': 'width=device-width, initial-scale=1'} in parsed.meta
    assert parsed.links and set(parsed.links) <= parsed.ids            # every in-page link has a target
    text = ' '.join(parsed.text)
    assert not re.search(r'\b(True|False)\b', text)      # yes, no or 'not checked' instead
    assert '&amp;' not in text and '&ndash;' not in text and '&#' not in text    # escaped once, not twice
    assert '<sons>' not in page and 'acme &amp; &lt;sons&gt;' in page
    assert '@media print' in page and '@media (max-width' in page
    for status in report['tenants']:
        section = parsed.section_of(status['tenant'])
        assert section['steps'] == status['pending_steps'] and section['boxes'] == len(status['pending_steps'])
        assert section['notes'] == ['Note: ' + note for note in status['notes']]
    # The state is a word beside its colour; a failed tenant shows its whole error.
    for word in ('complete', 'pending', 'failed'):
        assert re.search(r'class="state state-%s">[^<]*\b%s\b' % (word, word), page)
    assert LONG_ERROR.replace('&', '&amp;').replace('"', '&#34;').replace("'", '&#39;') in page


def test_markdown_carries_the_same_content(report):
    text = reports.render(report, 'md')
    for status in report['tenants']:
        assert reports._markdown(status['tenant']) in text
        for group in reports.checklist(status, ROLE, MEMBER):
            if group['screen']:
                assert '**%s**' % reports._markdown(group['screen']) in text
            for step in group['steps']:
                assert '%d. [ ] %s\n' % (step['number'], reports._markdown(step['text'])) in text
        for note in status['notes']:
            assert '**Note:** %s' % reports._markdown(note) in text
    assert '**Error:** %s' % reports._markdown(LONG_ERROR) in text
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', text))
    assert set(re.findall(r'\]\(#([^)]+)\)', text)) <= anchors
    assert 'True' not in text and 'False' not in text
    assert '| %d | %d | %d |' % (report['totals']['tenants'], report['totals']['complete'], report['totals']['pending']) in text


def test_write_gives_full_paths_private_modes_and_leaves_no_temporary_file(report, tmp_path, monkeypatch):
    monkeypatch.chdir(str(tmp_path))
    paths = reports.write(report, 'out/report', 'acct_sync_report')
    assert paths == dict((fmt, str(tmp_path / 'out' / 'report' / ('acct_sync_report.' + fmt))) for fmt in ('html', 'md', 'json'))
    for path in paths.values():
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert sorted(os.listdir(str(tmp_path / 'out' / 'report'))) == ['acct_sync_report.html', 'acct_sync_report.json',
                                                                    'acct_sync_report.md']
    lines = reports.summary_lines(report, paths)
    assert lines[:3] == ['Report (HTML): %s' % paths['html'], 'Report (Markdown): %s' % paths['md'],
                         'Report (JSON): %s' % paths['json']]
    assert lines[3:] == ['complete: 1 tenant(s)', 'pending: 1 tenant(s), 19 manual step(s) in all', 'failed: 2 tenant(s)']


def test_default_folder_is_the_start_folder_or_the_runner_artifacts(tmp_path):
    assert reports.default_dir({}, cwd='/home/me') == '/home/me/acct_sync_report'
    artifacts = tmp_path / 'artifacts' / 'job-1'
    artifacts.mkdir(parents=True)
    assert reports.default_dir({'AWX_ISOLATED_DATA_DIR': str(artifacts)}, cwd='/x') == str(artifacts / 'acct_sync_report')
    # An artifact folder that is not there (runner in a container names its own path) falls back.
    assert reports.default_dir({'AWX_ISOLATED_DATA_DIR': str(tmp_path / 'gone')}, cwd='/x') == '/x/acct_sync_report'


def test_a_tenant_without_status_is_failed_and_named(report):
    umbrella = by_tenant(report)['umbrella']
    assert reports.tenant_state(umbrella) == 'failed' and umbrella['error']
    assert reports.tenant_state(by_tenant(report)[LONG_TENANT]) == 'failed'
    assert reports.tenant_state(by_tenant(report)['initech']) == 'complete'


def test_cost_of_writing_a_thousand_tenants(tmp_path):
    """A figure, not a limit: building, rendering and writing the three files in-process."""
    report = sample_report()
    many = [dict(report['tenants'][index % 4], tenant='tenant-%04d' % index) for index in range(1000)]
    started = time.perf_counter()
    big = reports.build([(status['tenant'], status) for status in many], ROLE, MEMBER)
    reports.write(big, str(tmp_path), 'big')
    elapsed = time.perf_counter() - started
    small_started = time.perf_counter()
    reports.write(report, str(tmp_path), 'small')
    print('\nreport of 4 tenants: %.3f s; of 1000 tenants: %.3f s (%d KB HTML)' % (
        time.perf_counter() - small_started, elapsed, os.path.getsize(str(tmp_path / 'big.html')) // 1024))


def test_member_steps_group_under_the_member_and_key_steps_under_its_api_keys():
    records = [steps.other('set Security Role to "%s"' % ROLE, steps.member_screen(MEMBER), member=MEMBER),
               steps.other('click + (New)', KEY_SCREEN, member=MEMBER)]
    status = {'member': {'identifier': MEMBER}, 'role': {}, 'steps': records, 'pending_steps': [
        'System > Members > API Members > "%s": set Security Role to "%s"' % (MEMBER, ROLE),
        KEY_SCREEN + ': click + (New)']}
    assert [steps.words(step) for step in records] == status['pending_steps']
    assert [(group['screen'], [step['text'] for step in group['steps']]) for group in reports.checklist(status)] == [
        ('System > Members > API Members > "%s"' % MEMBER, ['set Security Role to "%s"' % ROLE]),
        (KEY_SCREEN, ['click + (New)'])]


def test_sections_put_failed_then_pending_before_complete_tenants(report):
    page = ReportPage()
    page.feed(reports.render(report, 'html'))
    states = [section['title'].rsplit(': ', 1)[1] for section in page.sections.values()]
    assert states == ['failed', 'failed', 'pending', 'complete']
    markdown = reports.render(report, 'md')
    headings = [line.rsplit(': ', 1)[1] for line in markdown.splitlines() if line.startswith('## ')]
    assert headings == states


def test_key_summary_says_what_differs_once_the_key_was_read():
    drift = {'status': 'drift', 'checked': True, 'fingerprint': 'sha256:0123456789ab', 'permissions_drift': 2, 'customize_missing': 0,
             'customize_extra': 1, 'customize_unrecognised': 1}
    assert reports.key_summary(drift) == ('rights differ: 2 level(s) differ, 1 Customize item(s) beyond the table, '
                                          '1 Customize item(s) unreadable (key sha256:0123456789ab)')
    assert reports.key_summary({'status': 'missing', 'checked': False}) == 'no key yet'


def test_steps_on_no_known_screen_after_others_get_their_own_heading():
    records = [steps.run_setup('create the security role "%s"' % ROLE),
               steps.set_levels(ROLE, 'Finance', 'Invoicing', [('add', 'None', 'All')]),
               steps.other('Ask the vendor for the table')]
    status = dict(sample_report()['tenants'][0], tenant='t', notes=[], steps=records, pending_steps=[
        'Run the setup to create the security role "%s"' % ROLE, ROLE_SCREEN + ' > Finance > Invoicing: Add None (now All)',
        'Ask the vendor for the table'])
    assert [steps.words(step) for step in records] == status['pending_steps']
    report = dict(sample_report(), tenants=[status])
    page = ReportPage()
    page.feed(reports.render(report, 'html'))
    assert page.section_of('t')['steps'] == status['pending_steps']
    assert '<h3 class="other">Other steps</h3>' in reports.render(report, 'html')
    assert '**Other steps**' in reports.render(report, 'md')
