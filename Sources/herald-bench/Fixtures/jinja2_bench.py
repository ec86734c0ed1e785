#!/usr/bin/env python3
"""Renders the Jinja2 twin of the benchmark email (compiled, autoescape on), the peer figure
herald-bench compares itself with. Prints `renders/s=N bytes/render=M` as its last line."""
import json, os, statistics, sys, time
import jinja2

here = os.path.dirname(os.path.abspath(__file__))
runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 0.5
# "cpu": this thread's CPU time (herald-bench --cpu-time), which leaves out time other processes hold the cores.
clock = time.thread_time if len(sys.argv) > 3 and sys.argv[3] == "cpu" else time.perf_counter
env = jinja2.Environment(loader=jinja2.FileSystemLoader(here), autoescape=True, auto_reload=False, trim_blocks=True, lstrip_blocks=True)
template = env.get_template("installment-paid.jinja")
data = json.load(open(os.path.join(here, "installment-paid.json")))
size = len(template.render(**data).encode())
rates = []
for _ in range(runs):
    count, start = 0, clock()
    while clock() - start < seconds:
        template.render(**data)
        count += 1
    rates.append(count / (clock() - start))
print("jinja2 %s runs: %s" % (jinja2.__version__, " ".join("%.0f" % r for r in rates)))
print("renders/s=%d bytes/render=%d" % (statistics.median(rates), size))
