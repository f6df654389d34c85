-- wrk script: send the requests listed in a file, in order, from a given line on, and report
-- the figures as one JSON line (wrk's own --latency has no p95).
--
--   wrk -t1 -c8 -d10s -s rotate.lua http://127.0.0.1:8106 -- /tmp/page.requests 200 0
--
-- A line is METHOD, path, body and Cookie header, separated by tabs (body and cookie may be
-- empty): each request carries its own member's session cookie. The second argument is the
-- status every response should have: any other (a login redirect, a 404) is counted as
-- "unexpected", so a page that silently fails is never reported as fast. The third is the
-- line to start from (0 is the first): the harness continues a page's stream where the
-- previous run stopped, and "next" in the result says where this one did. Headers given with
-- -H (Accept-Language, the CSRF token) go with every request.

local threads = {}
local requests = {}
local expected = 200
unexpected = 0
counter = 0

function setup(thread)
  threads[#threads + 1] = thread
end

function init(args)
  expected = tonumber(args[2] or "200")
  -- wrk calls request() once before the run, to check what it returns (its first thread only,
  -- and the harness runs one): that call takes the line before the first one to send.
  counter = tonumber(args[3] or "0") - 1
  local file = assert(io.open(args[1], "r"), "cannot open the requests file")
  for line in file:lines() do
    if line ~= "" then
      local method, path, body, cookie = line:match("^(%u+)\t([^\t]*)\t([^\t]*)\t(.*)$")
      assert(method, "not a request line: " .. line)
      local headers = {}
      for name, value in pairs(wrk.headers) do
        headers[name] = value
      end
      if cookie ~= "" then
        headers["Cookie"] = cookie
      end
      if method == "POST" then
        headers["Content-Type"] = "application/x-www-form-urlencoded"
      end
      requests[#requests + 1] = wrk.format(method, path, headers, body ~= "" and body or nil)
    end
  end
  file:close()
  assert(#requests > 0, "the requests file is empty")
end

function request()
  local next_request = requests[counter % #requests + 1]
  counter = counter + 1
  return next_request
end

function response(status, headers, body)
  if status ~= expected then
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  local errors = summary.errors
  local wrong, next_line = 0, 0
  for _, thread in ipairs(threads) do
    wrong = wrong + thread:get("unexpected")
    next_line = math.max(next_line, thread:get("counter"))
  end
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, '
      .. '"max_us": %d, "connect_errors": %d, "read_errors": %d, "write_errors": %d, '
      .. '"status_errors": %d, "timeouts": %d, "unexpected_status": %d, "next": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, errors.connect, errors.read, errors.write,
    errors.status, errors.timeout, wrong, next_line))
end
