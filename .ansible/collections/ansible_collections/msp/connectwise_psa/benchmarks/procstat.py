# -*- coding: utf-8 -*-
"""Peak RSS (VmHWM) of a process tree, sampled from /proc in a thread (Linux only)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import threading


def _children(pid):
    """Direct children of ``pid`` (every thread's children file), [] when it is gone."""
    found = []
    try:
        tids = os.listdir('/proc/%d/task' % pid)
    except OSError:
        return found
    for tid in tids:
        try:
            with open('/proc/%d/task/%s/children' % (pid, tid)) as handle:
                found.extend(int(child) for child in handle.read().split())
        except (OSError, ValueError):
            continue
    return found


def descendants(pid, max_depth=6):
    """Every descendant of ``pid`` (Ansible's worker forks start their own sessions, so a process group misses them)."""
    found = []
    level = [pid]
    for dummy_depth in range(max_depth):
        level = [child for parent in level for child in _children(parent)]
        if not level:
            break
        found.extend(level)
    return found


def _hwm_kb(pid):
    try:
        with open('/proc/%d/status' % pid) as handle:
            for line in handle:
                if line.startswith('VmHWM:'):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


class TreeSampler(object):
    """Every ``interval`` s: VmHWM of the root, of its direct children (the forks) and of deeper descendants."""

    def __init__(self, root, interval=0.1, max_depth=6):
        self.root = root
        self.interval = interval
        self.max_depth = max_depth
        self.peak = {}          # (pid, depth) -> kB; the depth in the key: pids are reused during long runs
        self.samples = 0
        self.max_processes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name='rss-sampler')
        self._thread.daemon = True

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._stop.set()
        self._thread.join(timeout=10)

    def sample(self):
        level = [self.root]
        alive = 0
        for depth in range(self.max_depth):
            following = []
            for pid in level:
                kb = _hwm_kb(pid)
                if kb:
                    alive += 1
                    self.peak[(pid, depth)] = max(self.peak.get((pid, depth), 0), kb)
                following.extend(_children(pid))
            if not following:
                break
            level = following
        self.samples += 1
        self.max_processes = max(self.max_processes, alive)

    def _run(self):
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def figures(self):
        def top(depths):
            values = [kb for (dummy_pid, depth), kb in self.peak.items() if depth in depths]
            return round(max(values) / 1024.0, 1) if values else 0

        return {'controller_mb': top((0,)), 'fork_mb': top((1,)), 'module_mb': top(range(2, self.max_depth)),
                'processes_seen': len(self.peak), 'max_concurrent': self.max_processes, 'samples': self.samples}
