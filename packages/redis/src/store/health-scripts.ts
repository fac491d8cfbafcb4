import { type LuaScript, luaScript } from './lua-script.js';

/**
 * The fleet's order of events in Lua, the same as `compareEvents`: hybrid
 * clock, then rank (a cut-off or an open circuit wins a tie), then the
 * process id bytewise (never `<` on strings: Lua compares those with the
 * server's locale).
 */
const compareLua = `
local function bytecmp(a, b)
  local la, lb = #a, #b
  for i = 1, math.min(la, lb) do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then if x < y then return -1 else return 1 end end
  end
  if la == lb then return 0 elseif la < lb then return -1 else return 1 end
end
local function rank(e)
  if e.type == 'cutoff' then return 1 end
  if e.type == 'circuit' and e.state == 'open' then return 1 end
  return 0
end
local function cmp(a, b)
  if a.at ~= b.at then if a.at < b.at then return -1 else return 1 end end
  if a.tick ~= b.tick then if a.tick < b.tick then return -1 else return 1 end end
  local r = rank(a) - rank(b)
  if r ~= 0 then return r end
  return bytecmp(a.by, b.by)
end
local function newer(a, b)
  if a.type == 'cooldown' and a['until'] ~= b['until'] then return a['until'] > b['until'] end
  return cmp(a, b) > 0
end
`;

/**
 * MERGE: merges a batch of events into the state hash, atomically with the
 * stream: an event that changes its register is written to the hash and
 * appended to the capped stream (XADD MAXLEN ~); one that does not (a
 * duplicate, something older) is neither. A cut-off no newer than a restore of
 * its scope is dropped; a restore drops the cut-offs it lifts.
 *
 * KEYS: state hash, stream, epoch. ARGV: stream max length, a new epoch (set
 * when none exists), then per event: field, JSON, and two auxiliary fields
 * (cut-off: the restore fields of its scope and of the whole target; restore:
 * the prefix of the cut-off fields it covers).
 * Returns `{epoch, changed}`.
 */
export const mergeScript = `${compareLua}
local epoch = redis.call('GET', KEYS[3])
if not epoch then
  epoch = ARGV[2]
  redis.call('SET', KEYS[3], epoch)
end
local changed = 0
for i = 3, #ARGV, 4 do
  local field, json, aux1, aux2 = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  local e = cjson.decode(json)
  local keep = true
  local current = redis.call('HGET', KEYS[1], field)
  if current then keep = newer(e, cjson.decode(current)) end
  if keep and e.type == 'cutoff' then
    for _, f in ipairs({aux1, aux2}) do
      if f ~= '' then
        local r = redis.call('HGET', KEYS[1], f)
        if r and cmp(e, cjson.decode(r)) <= 0 then keep = false end
      end
    end
  end
  if keep then
    redis.call('HSET', KEYS[1], field, json)
    if e.type == 'restore' then
      for _, f in ipairs(redis.call('HKEYS', KEYS[1])) do
        if string.sub(f, 1, #aux1) == aux1 then
          local c = cjson.decode(redis.call('HGET', KEYS[1], f))
          if cmp(c, e) <= 0 then redis.call('HDEL', KEYS[1], f) end
        end
      end
    end
    redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[1], '*', 'e', json)
    changed = changed + 1
  end
end
return {epoch, changed}
`;

/**
 * LATENCY: writes latency summaries to the latency hash, the latest per
 * process and target (no stream: they travel by reconciliation).
 * KEYS: latency hash. ARGV: per summary, field and JSON. Returns the number written.
 */
export const latencyScript = `${compareLua}
local written = 0
for i = 1, #ARGV, 2 do
  local e = cjson.decode(ARGV[i + 1])
  local current = redis.call('HGET', KEYS[1], ARGV[i])
  if not current or cmp(e, cjson.decode(current)) > 0 then
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
    written = written + 1
  end
end
return written
`;

/**
 * SNAPSHOT: the whole state at one instant, with the stream's last id, so a
 * process can merge it and read the stream from there without a gap. Drops
 * latency summaries older than the window before the newest of their target.
 * KEYS: state hash, stream, epoch, latency hash. ARGV: a new epoch (set when
 * none exists), the latency window in ms.
 * Returns `{epoch, lastId, state fields and values..., '', latency fields and values...}`.
 */
export const snapshotScript = `
local epoch = redis.call('GET', KEYS[3])
if not epoch then
  epoch = ARGV[1]
  redis.call('SET', KEYS[3], epoch)
end
local last = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)
local lastId = '0-0'
if #last > 0 then lastId = last[1][1] end
local out = {epoch, lastId}
for _, v in ipairs(redis.call('HGETALL', KEYS[1])) do out[#out + 1] = v end
out[#out + 1] = ''
local latency = redis.call('HGETALL', KEYS[4])
local newest = {}
local decoded = {}
for i = 1, #latency, 2 do
  local e = cjson.decode(latency[i + 1])
  decoded[i] = e
  if not newest[e.targetId] or e.at > newest[e.targetId] then newest[e.targetId] = e.at end
end
local window = tonumber(ARGV[2])
for i = 1, #latency, 2 do
  local e = decoded[i]
  if e.at < newest[e.targetId] - window then
    redis.call('HDEL', KEYS[4], latency[i])
  else
    out[#out + 1] = latency[i]
    out[#out + 1] = latency[i + 1]
  end
end
return out
`;

/**
 * RELEASE: deletes a probe lease only when this process holds it.
 * KEYS: lease key. ARGV: process id. Returns 1 when deleted.
 */
export const releaseScript = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** A Lua script of the health store, and its SHA-1. */
export type HealthScript = LuaScript;

const script = luaScript;

/** The store's scripts. */
export const healthScripts = {
  merge: script(mergeScript),
  latency: script(latencyScript),
  snapshot: script(snapshotScript),
  release: script(releaseScript),
} as const;
