-- wrk script: rotate over the requests listed in a file, one per line, and report the
-- figures as one JSON line (wrk's own --latency has no p95).
--
--   wrk -t1 -c8 -d10s -s rotate.lua http://127.0.0.1:8106 -- /tmp/page.requests 200
--
-- A line is a path (GET), or a path, a tab and a form-encoded body (POST). The second
-- argument is the status every response should have: any other (a login redirect, a 404)
-- is counted as "unexpected", so a page that silently fails is never reported as fast.
-- Headers given with -H (session cookie, CSRF token) go with every request.

local threads = {}
local requests = {}
local counter = 0
local expected = 200
unexpected = 0

function setup(thread)
  threads[#threads + 1] = thread
end

function init(args)
  expected = tonumber(args[2] or "200")
  local file = assert(io.open(args[1], "r"), "cannot open the requests file")
  for line in file:lines() do
    if line ~= "" then
      local path, body = line:match("^([^\t]*)\t(.*)$")
      if path then
        requests[#requests + 1] = wrk.format("POST", path, nil, body)
      else
        requests[#requests + 1] = wrk.format("GET", line)
      end
    end
  end
  file:close()
  assert(#requests > 0, "the requests file is empty")
end

function request()
  counter = counter % #requests + 1
  return requests[counter]
end

function response(status, headers, body)
  if status ~= expected then
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  local errors = summary.errors
  local wrong = 0
  for _, thread in ipairs(threads) do
    wrong = wrong + thread:get("unexpected")
  end
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, '
      .. '"max_us": %d, "connect_errors": %d, "read_errors": %d, "write_errors": %d, '
      .. '"status_errors": %d, "timeouts": %d, "unexpected_status": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, errors.connect, errors.read, errors.write,
    errors.status, errors.timeout, wrong))
end
