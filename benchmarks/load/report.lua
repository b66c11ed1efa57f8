-- wrk script: count non-2xx responses and print one machine-readable summary line.
--
-- Each wrk thread has its own Lua state, so every thread counts its own non-2xx
-- responses and done() adds them up through the thread objects kept in setup().

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + (thread:get("non2xx") or 0)
  end
  local errors = summary.errors
  io.write(string.format(
    "WRK_RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d "
      .. "connect=%d read=%d write=%d status=%d timeout=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), bad,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout
  ))
end
