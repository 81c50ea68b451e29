#!/usr/bin/env python3
"""Where a thread's CPU time goes, from a JFR recording: the share of its busy samples under each
given frame, plus the top self and inclusive frames. Busy samples = execution samples plus native
samples that are not idle waits (epoll, park, poll). A sample counts for every frame on its stack,
so nested frames overlap.

    jfr_shares.py RECORDING.jfr THREAD_SUBSTRING [FRAME,FRAME,...] [--from HH:MM:SS] [--to HH:MM:SS]

e.g. the profile table of docs/benchmarks.md, over the pipeline's throughput phase (the times come
from the bench log's "streams state REBALANCING -> RUNNING" and "pipeline:" lines):

    jfr_shares.py bench.jfr bench-pipeline ScoringProcessor.scoreUserBatch,PartitionGroup.readyToProcess,TaskManager.commit \\
        --from 12:26:13 --to 12:26:42

Needs `jfr` (the JDK's) on the PATH.
"""
import argparse
import collections
import json
import subprocess

IDLE = ('EPoll.wait', 'EPoll.epollWait', 'Unsafe.park', 'Object.wait', 'Thread.sleep', 'SocketDispatcher.read', 'Net.poll')


def main():
    p = argparse.ArgumentParser()
    p.add_argument('recording')
    p.add_argument('thread')
    p.add_argument('frames', nargs='?', default='')
    p.add_argument('--from', dest='start', default='')
    p.add_argument('--to', dest='end', default='99:99:99')
    p.add_argument('--top', type=int, default=25)
    a = p.parse_args()
    roots = [r for r in a.frames.split(',') if r]
    out = subprocess.run(['jfr', 'print', '--json', '--stack-depth', '300', '--events',
                          'jdk.ExecutionSample,jdk.NativeMethodSample', a.recording],
                         capture_output=True, text=True, check=True).stdout
    own, inclusive, under = collections.Counter(), collections.Counter(), collections.Counter()
    busy = idle = 0
    for e in json.loads(out)['recording']['events']:
        v = e['values']
        thread = (v.get('sampledThread') or {}).get('javaName') or ''
        at = v.get('startTime', '')[11:19]
        if a.thread not in thread or not (a.start <= at <= a.end):
            continue
        frames = (v.get('stackTrace') or {}).get('frames') or []
        if not frames:
            continue
        names = [f['method']['type']['name'].split('/')[-1] + '.' + f['method']['name'] for f in frames]
        if e['type'] == 'jdk.NativeMethodSample' and any(i in names[0] for i in IDLE):
            idle += 1
            continue
        busy += 1
        own[names[0]] += 1
        for name in set(names):
            inclusive[name] += 1
        for r in roots:
            if any(r in name for name in names):
                under[r] += 1
    share = lambda c: 100.0 * c / max(busy, 1)
    print('busy samples %d (idle native waits excluded: %d)' % (busy, idle))
    print('--- under frames')
    for r in roots:
        print(' %6d %5.1f%% %s' % (under[r], share(under[r]), r))
    print('--- top self')
    for k, c in own.most_common(a.top):
        print(' %6d %5.1f%% %s' % (c, share(c), k))
    print('--- top inclusive')
    for k, c in inclusive.most_common(a.top):
        print(' %6d %5.1f%% %s' % (c, share(c), k))


if __name__ == '__main__':
    main()
