-- wrk script: rotate over the request paths listed in a file, one per line, and report
-- the figures as one JSON line (wrk's own --latency has no p95).
--
--   wrk -t1 -c8 -d10s -s rotate.lua http://127.0.0.1:8106 -- /tmp/paths.txt [METHOD] [BODY]
--
-- Headers given with -H (the session cookie of the logged-in variant) go with every request.

local paths = {}
local counter = 0
local method = "GET"
local body = nil

function init(args)
  local file = assert(io.open(args[1], "r"), "cannot open the paths file")
  for line in file:lines() do
    if line ~= "" then
      paths[#paths + 1] = line
    end
  end
  file:close()
  assert(#paths > 0, "the paths file is empty")
  if args[2] then method = args[2] end
  if args[3] then body = args[3] end
  -- Each wrk thread starts at a different place in the list.
  counter = math.random(0, #paths - 1)
end

function request()
  counter = counter % #paths + 1
  return wrk.format(method, paths[counter], nil, body)
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, '
      .. '"max_us": %d, "connect_errors": %d, "read_errors": %d, "write_errors": %d, '
      .. '"status_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, errors.connect, errors.read, errors.write,
    errors.status, errors.timeout))
end
