"""The portal and a bare Flask "hello" route in one WSGI app, so gunicorn serves both from the
same processes with the same settings: `gunicorn -c deploy/gunicorn.conf.py bench.hello_wsgi:app`.
`/bench-hello/` is the baseline `bench/http_bench.py` compares the portal's pages against."""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from portal import create_app

hello = Flask("hello")


@hello.route("/")
def index() -> str:
    return "Hello, world!"


app = DispatcherMiddleware(create_app(), {"/bench-hello": hello})
