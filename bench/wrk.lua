-- wrk script for bench/http_bench.py:
--   wrk -s bench/wrk.lua <url> -- <mode> [<requests file>]
-- mode "hello" or "get": GET the path; "get" and "post" take cookie, CSRF token, path and
-- answer from the tab-separated lines of the requests file (one respondent at a question each),
-- in turn. "post" sends the answer with a one-time key never used before, so every request is
-- a real save, not a replay. done() prints the figures as one JSON line for the Python side.

local lines = {}
local mode = "hello"
local count = 0
local thread_number = 0
local threads = {}

function setup(thread)
  thread_number = thread_number + 1
  thread:set("id", thread_number)
  table.insert(threads, thread)
end

function init(args)
  mode = args[1] or "hello"
  if args[2] then
    for line in io.lines(args[2]) do
      local cookie, token, path, answer = line:match("^([^\t]+)\t([^\t]+)\t([^\t]+)\t([^\t]+)$")
      table.insert(lines, { cookie = cookie, token = token, path = path, answer = answer })
    end
  end
end

function request()
  if mode == "hello" then
    return wrk.format("GET", "/bench-hello/")
  end
  count = count + 1
  local line = lines[(count % #lines) + 1]
  local headers = { ["Cookie"] = "session=" .. line.cookie }
  if mode == "get" then
    return wrk.format("GET", line.path, headers)
  end
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  local key = string.format("b%dx%d", id, count)
  local body = "csrf_token=" .. line.token .. "&answer=" .. line.answer
    .. "&action=next&submission=" .. key
  return wrk.format("POST", line.path, headers, body)
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p99_us": %d, "max_us": %d, '
      .. '"mean_us": %.1f, "connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50),
    latency:percentile(99), latency.max, latency.mean, errors.connect, errors.read,
    errors.write, errors.status, errors.timeout))
end
