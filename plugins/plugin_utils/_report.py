# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the msp.connectwise_psa collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
# See also: https://github.com/ansible/community/issues/539#issuecomment-780839686
# Please open an issue if you have questions about this.

"""The status report of a play: build it, render JSON, Markdown and HTML, write the files.

Controller-only (it uses Jinja2), so it lives in plugin_utils; the action plugin
msp.connectwise_psa.cw_status_report calls it once per play, in-process, and the tests
call it directly. Its shape is documented in docs/report.schema.json.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime
import json
import os
import re
import tempfile

from jinja2 import DictLoader, Environment

# The one import of step wording: the checklist shows each record's screen once and the rest under it.
from ansible_collections.msp.connectwise_psa.plugins.module_utils._steps import parts as step_parts
from ansible_collections.msp.connectwise_psa.plugins.plugin_utils import _report_model as model
from ansible_collections.msp.connectwise_psa.plugins.plugin_utils._report_grid_templates import GRID_TEMPLATES
from ansible_collections.msp.connectwise_psa.plugins.plugin_utils._report_templates import TEMPLATES

STATES = ('complete', 'pending', 'failed')
# The sections put what needs a person first.
RANK = {'failed': 0, 'pending': 1, 'complete': 2}
FORMATS = ('html', 'md', 'json')
DEFAULT_DIR_NAME = 'acct_sync_report'
KEY_WORDS = {'verified': 'verified', 'missing': 'no key yet', 'drift': 'rights differ', 'invalid': 'refused',
             'wrong_member': 'wrong member', 'swapped': 'halves swapped', 'not checked': 'not checked',
             'error': 'error'}


def default_dir(environ=None, cwd=None):
    """Where the report goes when no folder is given.

    ansible-runner (and so AWX) gives each job an artifact directory and names it in
    AWX_ISOLATED_DATA_DIR; everything else gets the folder ansible-playbook was started
    from (the controller's working directory, never the playbook's folder, which may be
    inside the installed collection).
    """
    environ = os.environ if environ is None else environ
    artifacts = (environ.get('AWX_ISOLATED_DATA_DIR') or '').strip()
    if artifacts and os.path.isdir(artifacts) and os.access(artifacts, os.W_OK):
        return os.path.join(artifacts, DEFAULT_DIR_NAME)
    return os.path.join(cwd or os.getcwd(), DEFAULT_DIR_NAME)


def tenant_state(status):
    """complete, pending or failed: the one word every format shows for a tenant."""
    return model.state(status)


def is_grid(report):
    """Whether the report is tenant by integration (many integrations) rather than one integration's."""
    return report.get('layout') == model.LAYOUT


def build(host_statuses, role_name=None, member=None, check_mode=False, generated=None, integration_order=()):
    """``[(tenant, status, list of statuses, or None)]`` and the run's facts -> the report (docs/report.schema.json).

    One status per tenant is a report of one integration, as it always was; a list (or statuses
    naming their ``integration``) makes the grid, tenant by integration; its columns come in the order
    they first appear, or of ``integration_order`` (a merge keeps the jobs' order).
    """
    host_statuses = list(host_statuses)
    if model.is_many(host_statuses):
        report = model.integrations_report(host_statuses, role_name, integration_order)
    else:
        report = model.status_report(host_statuses)
    generated = generated or datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M:%S UTC')
    report.update(generated=generated, check_mode=bool(check_mode), role_name=role_name, member=member)
    return report


def _slug(text, empty):
    return re.sub(r'[^A-Za-z0-9_-]+', '-', text or '').strip('-').lower() or empty


def _anchor(tenant, index):
    return 'tenant-%d-%s' % (index + 1, _slug(tenant, 'unnamed'))


def checklist(status, role_name=None, member=None):
    """The tenant's pending steps as consecutive groups by PSA screen, in their order.

    ``[{screen, steps: [{number, text}]}]``; the screen is the path a person opens once (the
    role's permission table, the member's API keys), each step the rest of its words, numbered
    through the whole list. A status without step records (a report written before they
    existed) lists its words under no screen. ``role_name`` and ``member`` are not needed any
    more (each record names its screen); they stay for callers that pass them.
    """
    records = status.get('steps')
    if not isinstance(records, list):
        records = [{'action': 'other', 'screen': None, 'text': text} for text in status.get('pending_steps') or []]
    groups = []
    for number, step in enumerate(records, 1):
        screen, _separator, rest = step_parts(step)
        if not groups or groups[-1]['screen'] != screen:
            groups.append({'screen': screen, 'steps': []})
        groups[-1]['steps'].append({'number': number, 'text': rest})
    return groups


def key_summary(key):
    """The key's state in words, with what differs once its rights were read, and its fingerprint."""
    text = KEY_WORDS.get(key.get('status'), key.get('status'))
    if key.get('checked'):
        counts = [(key.get(field) or 0, label) for field, label in (
            ('permissions_drift', 'level(s) differ'), ('customize_missing', 'Customize item(s) missing'),
            ('customize_extra', 'Customize item(s) beyond the table'), ('customize_unrecognised', 'Customize item(s) unreadable'))]
        differ = ['%d %s' % (count, label) for count, label in counts if count]
        if differ:
            text += ': ' + ', '.join(differ)
    if key.get('fingerprint'):
        text += ' (key %s)' % key['fingerprint']
    return text + key_life_summary(key)


ROTATION_WORDS = {'pending': 'rotation pending: the PSA still accepts the previous key %(previous)s',
                  'previous_refused': 'rotation done in the PSA: the setup removes the previous key %(previous)s',
                  'complete': 'last rotation completed %(completed)s'}


def key_life_summary(key):
    """Since when the key is stored, whether it is too old, and where a rotation stands ('' when unknown)."""
    parts = []
    if key.get('stored_at'):
        parts.append('stored %s%s' % (key['stored_at'][:10], ' (%d days ago)' % key['age_days']
                                      if key.get('age_days') is not None else ''))
    if key.get('too_old'):
        parts.append('older than %d days: rotate it' % key['max_age_days'])
    rotation = key.get('rotation') or {}
    if rotation.get('state') in ROTATION_WORDS:
        parts.append(ROTATION_WORDS[rotation['state']] % {
            'previous': '"%s"' % rotation.get('previous_description'), 'completed': (rotation.get('completed_at') or '')[:10]})
    return ''.join('; ' + part for part in parts)


def yes_no(value):
    if value is None:
        return 'not checked'
    return 'yes' if value else 'no'


def _markdown(text):
    """Text safe in a Markdown paragraph or table cell (it keeps reading well as plain text)."""
    text = '' if text is None else str(text)
    text = re.sub(r'([\\`*_\[\]|])', r'\\\1', text)
    return text.replace('<', '&lt;').replace('\n', ' ')


_ENVIRONMENTS = {}


def _environment(autoescape):
    """One Jinja2 environment per kind of escaping, so the templates compile once per process."""
    if autoescape in _ENVIRONMENTS:
        return _ENVIRONMENTS[autoescape]
    env = Environment(loader=DictLoader(dict(TEMPLATES, **GRID_TEMPLATES)), autoescape=autoescape, trim_blocks=True,
                      lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(yes_no=yes_no, md=_markdown, key_summary=key_summary,
                       key_words=lambda status: KEY_WORDS.get(status, status))
    _ENVIRONMENTS[autoescape] = env
    return env


def _view(report):
    """What both templates show: the report plus each tenant's state, anchor and checklist."""
    tenants = []
    for index, status in enumerate(report['tenants']):
        tenants.append(dict(status, state=tenant_state(status), anchor=_anchor(status.get('tenant'), index),
                            checklist=checklist(status, report.get('role_name'), report.get('member'))))
    # The overview lists every tenant by name; the sections put what needs a person first.
    sections = sorted(tenants, key=lambda status: RANK[status['state']])
    return dict(report, tenants=tenants, sections=sections, states=STATES)


def _grid_view(report):
    """The grid's view: each tenant's row (one cell per integration, None where it did not run) and sections."""
    names = [column['name'] for column in report['integrations']]
    tenants = []
    for index, entry in enumerate(report['tenants']):
        anchor = _anchor(entry.get('tenant'), index)
        items = []
        for position, status in enumerate(entry['integrations']):
            items.append(dict(status, state=tenant_state(status), checklist=checklist(status),
                              anchor='%s-%d-%s' % (anchor, position + 1, _slug(status['integration'], 'integration'))))
        by_name = dict((item['integration'], item) for item in items)
        tenants.append(dict(entry, anchor=anchor, row=[by_name.get(name) for name in names],
                            sections=items))
    sections = sorted(tenants, key=lambda entry: RANK[entry['state']])
    return dict(report, tenants=tenants, sections=sections, states=STATES, integration_names=names,
                title='Integrations: API member setup report')


def render(report, fmt):
    """The report as ``json``, ``md`` or ``html`` text."""
    if fmt == 'json':
        return json.dumps(report, indent=2, sort_keys=True, ensure_ascii=False) + '\n'
    if is_grid(report):
        return _environment(fmt == 'html').get_template('grid.%s.j2' % fmt).render(report=_grid_view(report))
    template = _environment(fmt == 'html').get_template('report.%s.j2' % fmt)
    return template.render(report=_view(report))


def write(report, directory, name):
    """Write every format (atomically, owner and group only); ``{format: absolute path}``."""
    directory = os.path.abspath(os.path.expanduser(directory))
    if not os.path.isdir(directory):
        os.makedirs(directory, 0o750)
    paths = {}
    for fmt in FORMATS:
        path = os.path.join(directory, '%s.%s' % (name, fmt))
        handle, temporary = tempfile.mkstemp(prefix='.%s.' % name, dir=directory)
        try:
            with os.fdopen(handle, 'w', encoding='utf-8') as stream:
                stream.write(render(report, fmt))
            os.chmod(temporary, 0o640)
            os.replace(temporary, path)
        except BaseException:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise
        paths[fmt] = path
    return paths


def summary_lines(report, paths):
    """The run's closing lines: every file with its full path, then one line per state."""
    totals = report['totals']
    lines = ['Report (%s): %s' % (fmt.upper() if fmt != 'md' else 'Markdown', paths[fmt]) for fmt in FORMATS if fmt in paths]
    lines.append('complete: %d tenant(s)' % totals['complete'])
    lines.append('pending: %d tenant(s), %d manual step(s) in all' % (totals['pending'], totals['pending_steps']))
    lines.append('failed: %d tenant(s)' % totals['failed'])
    for column in report['integrations'] if is_grid(report) else []:
        lines.append('%s: %d complete, %d pending (%d step(s)), %d failed' % (
            column['name'], column['complete'], column['pending'], column['pending_steps'], column['failed']))
    return lines
