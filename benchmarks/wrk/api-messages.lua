-- wrk cross-check of the /api/messages benchmark with a load generator that costs little CPU:
--   start the service (Release, local mode) on 127.0.0.1:5199, then
--   OPP_WRK_TEXT=leraar wrk -t1 -c64 -d3s -s benchmarks/wrk/api-messages.lua http://127.0.0.1:5199   (conversations choose a role)
--   wrk -t1 -c64 -d10s -s benchmarks/wrk/api-messages.lua --latency http://127.0.0.1:5199
-- Each request is a turn of one of 500 conversations, answered in the body (deliveryMode expectReplies).
local conversation = 0
request = function()
  conversation = (conversation + 1) % 500
  local text = os.getenv("OPP_WRK_TEXT") or "help"
  local body = '{"type":"message","id":"w","channelId":"benchmark","serviceUrl":"http://127.0.0.1:9/",'
    .. '"deliveryMode":"expectReplies","from":{"id":"u' .. conversation .. '"},"recipient":{"id":"bot"},'
    .. '"conversation":{"id":"c' .. conversation .. '"},"text":"' .. text .. '"}'
  return wrk.format("POST", "/api/messages", { ["Content-Type"] = "application/json" }, body)
end
