-- The request comes from the environment (WRK_METHOD, WRK_BODY, WRK_HEADERS as "name: value" lines),
-- so one script serves every scenario; wrk's default is a bare GET.
local method = os.getenv("WRK_METHOD")
if method and #method > 0 then wrk.method = method end
local body = os.getenv("WRK_BODY")
if body and #body > 0 then wrk.body = body end
local headers = os.getenv("WRK_HEADERS")
if headers then
  for name, value in headers:gmatch("([^:\n]+):%s*([^\n]*)") do wrk.headers[name] = value end
end

-- Prints wrk's summary as one JSON line (latencies in microseconds), so the bench reads exact
-- percentiles and error counts instead of parsing wrk's rounded human output.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"durationUs":%d,"requests":%d,"p50Us":%d,"p99Us":%d,"maxUs":%d,' ..
    '"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\n',
    summary.duration, summary.requests, latency:percentile(50), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end
