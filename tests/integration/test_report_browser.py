# -*- coding: utf-8 -*-
"""The HTML report in a real browser (headless Chromium) at phone and desktop widths.

Asserts layout facts (no sideways scrolling of the page, every in-page link lands) and keeps
screenshots in tests/output/report-html/ to look at. Skipped, saying why, where no Chromium
is installed (.ci/run installs the Debian package "chromium" when it can).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

import pytest

from ansible_collections.msp.connectwise_psa.plugins.plugin_utils import _report as reports
from tests.collection_path import ROOT
from tests.integration import browser
from tests.report_sample import grid_report, sample_report

OUTPUT = os.path.join(ROOT, 'tests', 'output', 'report-html')
WIDTHS = {'phone-360': 360, 'phone-390': 390, 'desktop-1280': 1280}


@pytest.fixture(scope='module')
def chromium():
    path = browser.find()
    if not path:
        pytest.skip(browser.WHY_MISSING)
    return path


@pytest.fixture(scope='module')
def page():
    if not os.path.isdir(OUTPUT):
        os.makedirs(OUTPUT)
    report = sample_report(check_mode=True)
    return reports.write(report, OUTPUT, 'sample')['html'], report


@pytest.mark.parametrize('view', sorted(WIDTHS))
def test_report_fits_the_screen_and_every_link_lands(chromium, page, view):
    path, report = page
    width = WIDTHS[view]
    facts = browser.layout_facts(chromium, path, width, workdir=OUTPUT)
    assert facts['innerWidth'] == width, facts
    assert facts['scrollWidth'] <= facts['clientWidth'], 'the page scrolls sideways at %d px: %s' % (width, facts)
    assert facts['wide'] == [], 'wider than the screen at %d px: %s' % (width, facts['wide'])
    assert facts['anchors'] >= len(report['tenants']) and facts['broken'] == [], facts
    assert facts['viewport'] is True
    assert facts['checkboxes'] == report['totals']['pending_steps']
    png = browser.screenshot(chromium, path, os.path.join(OUTPUT, '%s.png' % view), width, 2400 if width < 500 else 1400)
    assert os.path.getsize(png) > 10000, 'a blank screenshot: %s' % png


@pytest.fixture(scope='module')
def grid_page():
    if not os.path.isdir(OUTPUT):
        os.makedirs(OUTPUT)
    report = grid_report()
    return reports.write(report, OUTPUT, 'grid')['html'], report


@pytest.mark.parametrize('view', sorted(WIDTHS))
def test_grid_of_eight_integrations_fits_a_phone_and_every_cell_link_lands(chromium, grid_page, view):
    """8 integrations: on a phone each tenant's row is a card, one line per integration, no sideways scrolling."""
    path, report = grid_page
    width = WIDTHS[view]
    facts = browser.layout_facts(chromium, path, width, workdir=OUTPUT)
    assert facts['innerWidth'] == width, facts
    assert facts['scrollWidth'] <= facts['clientWidth'], 'the grid scrolls sideways at %d px: %s' % (width, facts)
    assert facts['wide'] == [], 'wider than the screen at %d px: %s' % (width, facts['wide'])
    cells = sum(len(entry['integrations']) for entry in report['tenants'])
    assert facts['anchors'] >= len(report['tenants']) + cells and facts['broken'] == [], facts
    assert facts['checkboxes'] == report['totals']['pending_steps']
    png = browser.screenshot(chromium, path, os.path.join(OUTPUT, 'grid-%s.png' % view), width, 3000 if width < 500 else 1400)
    assert os.path.getsize(png) > 10000, 'a blank screenshot: %s' % png
