"""`make bench`: the store's throughput, latency, SQL and page weight next to a bare Flask page.

Modules: data (benchmark databases), catalogue (the generated 20,000-product catalogue),
servers (gunicorn in process groups), bare_app (the 20 KB yardstick), load (wrk), probe (SQL
per request, in process), lighthouse (page weight), report (the table and RESULTS.md).
"""
