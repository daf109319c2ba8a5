-- One wrk script for every load of bench/run.sh, chosen by environment:
--   BENCH_MODE   signal (POST /signal, statuscope form body), ping (GET /ping/<token>),
--                push (PUT /metrics/job/<app> to the Pushgateway), ok (GET /)
--   BENCH_APPS   how many applications the requests cycle through (default 10000)
--   BENCH_CLOSE  1: "Connection: close" on every request (curl from cron)
-- Names and tokens follow bench_names.h: app-000042 / 00000000-0000-4000-8000-000000000042.
-- Prints one line "RESULT requests=... rps=... errors=... non_2xx=..." for run.sh
-- (errors are socket errors: connect, read, write, timeout, also listed one by one).

local mode = os.getenv("BENCH_MODE") or "signal"
local apps = tonumber(os.getenv("BENCH_APPS") or "10000")
local close = os.getenv("BENCH_CLOSE") == "1"

local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  nthreads = tonumber(os.getenv("BENCH_THREADS") or "2")
  counter = tid
end

local function app_name(i) return string.format("app-%06d", i) end
local function app_token(i) return string.format("00000000-0000-4000-8000-%012d", i) end

function request()
  local i = counter % apps
  counter = counter + nthreads
  local headers = {}
  if close then headers["Connection"] = "close" end
  if mode == "signal" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    return wrk.format("POST", "/signal", headers,
      "application=" .. app_name(i) .. "&token=" .. app_token(i) .. "&status=ok")
  elseif mode == "ping" then
    return wrk.format("GET", "/ping/" .. app_token(i), headers)
  elseif mode == "push" then
    -- What people send to the Pushgateway from a cron job today.
    headers["Content-Type"] = "text/plain; version=0.0.4"
    return wrk.format("PUT", "/metrics/job/" .. app_name(i), headers,
      "# TYPE job_last_success_unixtime gauge\n" ..
      "job_last_success_unixtime " .. os.time() .. "\n" ..
      "# TYPE job_up gauge\njob_up 1\n")
  else
    return wrk.format("GET", "/", headers)
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d rps=%.1f errors=%d connect=%d read=%d write=%d timeout=%d " ..
    "non_2xx=%d p50_ms=%.3f p99_ms=%.3f\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    e.connect + e.read + e.write + e.timeout, e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
