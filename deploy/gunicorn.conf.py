"""gunicorn settings for the portal: `gunicorn -c deploy/gunicorn.conf.py 'portal:create_app()'`.

Run one such server on each machine, all with the same DATABASE_URL (one PostgreSQL) and the same
PORTAL_SECRET_KEY, behind a web server that also serves the static files (docs/deployment.md).
Every setting below can be changed with the environment variable named beside it.
"""

import multiprocessing
import os

# Where to listen. Keep it on 127.0.0.1 (or a private address) with the web server in front.
bind = os.environ.get("PORTAL_BIND", "127.0.0.1:8000")

# Processes and threads per process. Each process keeps up to 15 database connections
# (SQLAlchemy's pool: 5, plus 10 at busy moments), so PostgreSQL's max_connections must cover
# workers x 15 on every machine together.
workers = int(os.environ.get("PORTAL_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("PORTAL_THREADS", "4"))
timeout = int(os.environ.get("PORTAL_TIMEOUT", "60"))  # the board pack PDF takes a few seconds
graceful_timeout = 20
keepalive = 5
# Each worker makes its own app and database pool after the fork: nothing is shared by accident.
preload_app = False

# The web server in front says whether the visitor used HTTPS (X-Forwarded-Proto). gunicorn
# believes it only from these addresses: the web server's, never "*" unless the port cannot be
# reached from anywhere else. (The environment variable FORWARDED_ALLOW_IPS also sets it.)
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs: errors to standard error (journald or the container collects them). No access log: its
# lines would hold visitors' addresses. portal.logs also blanks the address in gunicorn's
# "Invalid request from ip=..." warnings.
errorlog = "-"
loglevel = os.environ.get("PORTAL_LOG_LEVEL", "info")
accesslog = None
# If an access log is ever switched on (--access-logfile -), it still names no one: no address
# (%(h)s), no query string, no referrer, no browser.
access_log_format = '- %(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
