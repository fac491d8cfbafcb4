import { type LuaScript, luaScript } from '../store/lua-script.js';

/**
 * What the budget scripts share: a counter is a hash holding its window
 * (`t`: spent and reserved totals of the buckets it holds, six integers:
 * spent micro-dollars, tokens, requests, then reserved ones; `b<start>`: the
 * same six per bucket; `o`: the oldest bucket held; `e`: buckets before this
 * one left the window; `al`, `au`: the highest threshold alerted and until
 * when; `T`: spent since the counter was created) and a sorted set of the
 * reservations it holds, by when they lapse. A reservation is a hash: `a`
 * its amount, `k<key>` the bucket it holds on each counter, `x<key>` set once
 * released on that counter (lapsed), `s` its state (`reserved`, `settled`).
 * Integers are written with `%d` (never `tostring`, which keeps 14 digits).
 */
const prelude = `
local function fmt(n) return string.format('%d', n) end
local function ceilmicro(x) if x <= 0 then return 0 end return math.ceil(x - x * 1e-12) end
local function nums(s, n)
  local t = {}
  if s then for v in string.gmatch(s, '[^,]+') do t[#t + 1] = tonumber(v) end end
  for i = #t + 1, n do t[i] = 0 end
  return t
end
local function join(t) local out = {} for i = 1, #t do out[i] = fmt(t[i]) end return table.concat(out, ',') end
local P = ARGV[1]
local now = tonumber(ARGV[2])

-- Releases, on this counter, every reservation whose lapse passed.
local function lapse(ckey, zkey, key)
  local expired = redis.call('ZRANGEBYSCORE', zkey, '-inf', now)
  if #expired == 0 then return end
  local t = nums(redis.call('HGET', ckey, 't'), 6)
  local e = tonumber(redis.call('HGET', ckey, 'e') or '-1e300')
  for _, id in ipairs(expired) do
    local rkey = P .. id
    local held = redis.call('HMGET', rkey, 'a', 'k' .. key, 'x' .. key, 's')
    if held[1] and held[2] and not held[3] and held[4] == 'reserved' then
      local a = nums(held[1], 3)
      local bucket = tonumber(held[2])
      if bucket >= e then
        local field = 'b' .. fmt(bucket)
        local c = redis.call('HGET', ckey, field)
        if c then
          local cell = nums(c, 6)
          for u = 1, 3 do cell[3 + u] = cell[3 + u] - a[u]; t[3 + u] = t[3 + u] - a[u] end
          redis.call('HSET', ckey, field, join(cell))
        end
      end
      redis.call('HSET', rkey, 'x' .. key, '1')
    end
  end
  redis.call('ZREMRANGEBYSCORE', zkey, '-inf', now)
  redis.call('HSET', ckey, 't', join(t))
end

-- Drops the buckets that left the window; returns the window totals (six numbers) and the oldest bucket.
local function advance(ckey, first)
  local state = redis.call('HMGET', ckey, 't', 'o', 'e')
  local t = nums(state[1], 6)
  local o = tonumber(state[2] or '')
  local e = tonumber(state[3] or '-1e300')
  if first > e then redis.call('HSET', ckey, 'e', fmt(first)) end
  if o and o < first then
    local fields = redis.call('HKEYS', ckey)
    local oldest = nil
    for _, f in ipairs(fields) do
      if string.sub(f, 1, 1) == 'b' then
        local b = tonumber(string.sub(f, 2))
        if b < first then
          local cell = nums(redis.call('HGET', ckey, f), 6)
          for i = 1, 6 do t[i] = t[i] - cell[i] end
          redis.call('HDEL', ckey, f)
        elseif not oldest or b < oldest then oldest = b end
      end
    end
    o = oldest
    redis.call('HSET', ckey, 't', join(t))
    if o then redis.call('HSET', ckey, 'o', fmt(o)) else redis.call('HDEL', ckey, 'o') end
  end
  return t, o
end

-- Adds amount (3 numbers) times sign to the spent (offset 0) or reserved (offset 3) part of a bucket and the totals.
local function add(ckey, bucket, offset, a, sign)
  local e = tonumber(redis.call('HGET', ckey, 'e') or '-1e300')
  if bucket < e then return false end
  local field = 'b' .. fmt(bucket)
  local cell = nums(redis.call('HGET', ckey, field), 6)
  local t = nums(redis.call('HGET', ckey, 't'), 6)
  for u = 1, 3 do cell[offset + u] = cell[offset + u] + sign * a[u]; t[offset + u] = t[offset + u] + sign * a[u] end
  redis.call('HSET', ckey, field, join(cell), 't', join(t))
  local o = tonumber(redis.call('HGET', ckey, 'o') or '')
  if not o or bucket < o then redis.call('HSET', ckey, 'o', fmt(bucket)) end
  return true
end

-- The level of a counter: committed over limit, percent, in its fullest limited unit.
local function level(limits, committed)
  local l = 0
  for u = 1, 3 do
    if limits[u] >= 0 and limits[u] > 0 then
      local v = committed[u] * 100 / limits[u]
      if v > l then l = v end
    end
  end
  return l
end

-- Threshold crossings of a counter reaching lvl (the rule of crossThresholds), appended to out.
local function cross(ckey, budgetId, key, thresholds, alertUntil, lvl, out)
  if thresholds == '' then return end
  local state = redis.call('HMGET', ckey, 'al', 'au')
  local alerted = tonumber(state[1] or '0')
  local untilAt = tonumber(state[2] or '0')
  if now >= untilAt then alerted = 0 end
  local changed = false
  for th in string.gmatch(thresholds, '[^,]+') do
    local threshold = tonumber(th)
    if threshold > alerted and threshold <= lvl then
      if alerted == 0 then untilAt = alertUntil end
      alerted = threshold
      changed = true
      out[#out + 1] = budgetId
      out[#out + 1] = key
      out[#out + 1] = th
      out[#out + 1] = string.format('%.17g', lvl)
    end
  end
  if changed then redis.call('HSET', ckey, 'al', string.format('%.17g', alerted), 'au', fmt(untilAt)) end
end
`;

/**
 * RESERVE: all or nothing over every counter, the Lua twin of
 * `decideReservation` (tested against it): lapses what expired on each
 * counter, drops buckets that left the window, clamps the output tokens to
 * what every enforced counter affords, refuses when one cannot pay
 * `minOutputTokens`, else reserves on each counter and records the
 * reservation. A second RESERVE of an attempt id still reserved (not
 * settled, not lapsed) answers as the first. Attempt ids are never reused.
 *
 * KEYS: the reservation, then per counter its hash and its lapse set.
 * ARGV: reservation key prefix, now, expiresAt, how long the reservation
 * record outlives its lapse (ms), base (micro-dollars, tokens, requests),
 * micro-dollars per output token, output tokens, minimum output tokens, then
 * per counter 11 values: key, bucket, first bucket, released at, enforce
 * (1/0), limits (micro-dollars, tokens, requests; -1: none), thresholds
 * (comma-separated), alert until, budget id.
 *
 * Returns `{'ok', outputTokens, microUsd, tokens, requests, warnings, crossings}`
 * or `{'no', shortfalls, crossings}`, each list flat strings.
 */
const reserveLua = `${prelude}
local rkey = KEYS[1]
local expiresAt = tonumber(ARGV[3])
local keepMs = tonumber(ARGV[4])
local base = { tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7]) }
local perToken = tonumber(ARGV[8])
local wantOut = tonumber(ARGV[9])
local minOut = tonumber(ARGV[10])
local previous = redis.call('HMGET', rkey, 's', 'exp', 'r')
if previous[1] == 'reserved' and tonumber(previous[2]) > now then return cjson.decode(previous[3]) end
local counters = {}
local n = (#KEYS - 1) / 2
for i = 1, n do
  local j = 10 + (i - 1) * 11
  local c = {
    ckey = KEYS[2 * i], zkey = KEYS[2 * i + 1], key = ARGV[j + 1], bucket = tonumber(ARGV[j + 2]),
    first = tonumber(ARGV[j + 3]), releasedAt = tonumber(ARGV[j + 4]), enforce = ARGV[j + 5] == '1',
    limits = { tonumber(ARGV[j + 6]), tonumber(ARGV[j + 7]), tonumber(ARGV[j + 8]) },
    thresholds = ARGV[j + 9], alertUntil = tonumber(ARGV[j + 10]), budgetId = ARGV[j + 11],
  }
  lapse(c.ckey, c.zkey, c.key)
  local t, o = advance(c.ckey, c.first)
  c.committed = { t[1] + t[4], t[2] + t[5], t[3] + t[6] }
  local oldest = o or c.bucket
  if c.bucket < oldest then oldest = c.bucket end
  c.retryAt = oldest + (c.releasedAt - c.bucket)
  counters[i] = c
end
local function unitAmount(u, out)
  if u == 1 then return ceilmicro(base[1] + out * perToken) end
  if u == 2 then return base[2] + out end
  return base[3]
end
local function affordable(u, remaining)
  local per = 0
  if u == 1 then per = perToken elseif u == 2 then per = 1 end
  if per <= 0 then return math.huge end
  local most = math.floor((remaining - base[u]) / per)
  if most < 0 then if base[u] == 0 then return 0 else return -1 end end
  while most >= 0 and unitAmount(u, most) > remaining do most = most - 1 end
  return most
end
local out = wantOut
for _, c in ipairs(counters) do
  if c.enforce then
    for u = 1, 3 do
      if c.limits[u] >= 0 then
        local most = affordable(u, c.limits[u] - c.committed[u])
        if most < out then out = math.max(most, -1) end
      end
    end
  end
end
local floor = math.min(minOut, wantOut)
local at = out
if at < floor then at = floor end
local wanted = { unitAmount(1, at), unitAmount(2, at), unitAmount(3, at) }
local shortfalls, warnings, crossings = {}, {}, {}
for _, c in ipairs(counters) do
  for u = 1, 3 do
    if c.limits[u] >= 0 and wanted[u] ~= 0 and c.committed[u] + wanted[u] > c.limits[u] then
      local entry = { c.budgetId, c.key, tostring(u), fmt(c.limits[u]), fmt(c.committed[u]), fmt(wanted[u]), fmt(c.retryAt) }
      local into = warnings
      if c.enforce then into = shortfalls; c.short = true end
      for _, v in ipairs(entry) do into[#into + 1] = v end
    end
  end
end
if out < floor or #shortfalls > 0 then
  for _, c in ipairs(counters) do
    if c.short then
      local l = level(c.limits, c.committed)
      if l < 100 then l = 100 end
      cross(c.ckey, c.budgetId, c.key, c.thresholds, c.alertUntil, l, crossings)
    end
  end
  return { 'no', shortfalls, crossings }
end
local fields = { 'a', join(wanted), 's', 'reserved', 'exp', fmt(expiresAt) }
for _, c in ipairs(counters) do
  add(c.ckey, c.bucket, 3, wanted, 1)
  redis.call('ZADD', c.zkey, expiresAt, string.sub(rkey, #P + 1))
  -- Expiries are relative (PEXPIRE): the caller's clock may differ from Redis's (or be virtual).
  local keepFor = math.max(1, math.max(c.releasedAt, expiresAt) + keepMs - now)
  redis.call('PEXPIRE', c.ckey, keepFor)
  redis.call('PEXPIRE', c.zkey, keepFor)
  fields[#fields + 1] = 'k' .. c.key
  fields[#fields + 1] = fmt(c.bucket)
  local t = nums(redis.call('HGET', c.ckey, 't'), 6)
  cross(c.ckey, c.budgetId, c.key, c.thresholds, c.alertUntil, level(c.limits, { t[1] + t[4], t[2] + t[5], t[3] + t[6] }), crossings)
end
local result = { 'ok', fmt(out), fmt(wanted[1]), fmt(wanted[2]), fmt(wanted[3]), warnings, crossings }
-- A second RESERVE of this id answers the same, without the crossings (reported once).
fields[#fields + 1] = 'r'
fields[#fields + 1] = cjson.encode({ 'ok', fmt(out), fmt(wanted[1]), fmt(wanted[2]), fmt(wanted[3]), warnings, {} })
redis.call('DEL', rkey)
redis.call('HSET', rkey, unpack(fields))
redis.call('PEXPIRE', rkey, math.max(1, expiresAt + keepMs - now))
return result
`;

/**
 * RECONCILE: settles a reservation once: on each counter releases what is
 * still reserved there (nothing where it lapsed), charges the cost to the
 * reservation's bucket (dropped when that bucket left the window), adds it
 * to the counter's total, reports threshold crossings, and marks the
 * reservation settled (kept `rememberMs` to refuse a second one). An id not
 * reserved, or settled already, changes nothing.
 *
 * KEYS: the reservation, then per counter its hash and its lapse set.
 * ARGV: reservation key prefix, now, remember (ms), charge (micro-dollars,
 * tokens, requests), then per counter 7 values: key, limits (3), thresholds,
 * alert until, budget id.
 *
 * Returns `{applied (1/0), crossings}`.
 */
const reconcileLua = `${prelude}
local rkey = KEYS[1]
local rememberMs = tonumber(ARGV[3])
local charged = { tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]) }
local state = redis.call('HMGET', rkey, 's', 'a')
if state[1] ~= 'reserved' then return { 0, {} } end
local a = nums(state[2], 3)
local id = string.sub(rkey, #P + 1)
local crossings = {}
local n = (#KEYS - 1) / 2
for i = 1, n do
  local j = 6 + (i - 1) * 7
  local ckey, zkey, key = KEYS[2 * i], KEYS[2 * i + 1], ARGV[j + 1]
  local limits = { tonumber(ARGV[j + 2]), tonumber(ARGV[j + 3]), tonumber(ARGV[j + 4]) }
  local held = redis.call('HMGET', rkey, 'k' .. key, 'x' .. key)
  if held[1] then
    local bucket = tonumber(held[1])
    if not held[2] then add(ckey, bucket, 3, a, -1) end
    redis.call('ZREM', zkey, id)
    add(ckey, bucket, 0, charged, 1)
    local total = nums(redis.call('HGET', ckey, 'T'), 3)
    for u = 1, 3 do total[u] = total[u] + charged[u] end
    redis.call('HSET', ckey, 'T', join(total))
    local t = nums(redis.call('HGET', ckey, 't'), 6)
    cross(ckey, ARGV[j + 7], key, ARGV[j + 5], tonumber(ARGV[j + 6]), level(limits, { t[1] + t[4], t[2] + t[5], t[3] + t[6] }), crossings)
  end
end
redis.call('HSET', rkey, 's', 'settled', 'c', join(charged))
redis.call('PEXPIRE', rkey, rememberMs)
return { 1, crossings }
`;

/**
 * EXTEND: moves the lapse of a reservation still reserved (not settled, and
 * its lapse not passed at `now`), in the lapse set of every counter it holds.
 * KEYS: the reservation. ARGV: reservation key prefix, now, the new lapse,
 * how long the record outlives it, the lapse-set key prefix. Returns 1, or 0.
 */
const extendLua = `
local rkey = KEYS[1]
local state = redis.call('HMGET', rkey, 's', 'exp')
-- Lapsed at its old expiry, even where no counter has looked since: too late to extend.
if state[1] ~= 'reserved' or tonumber(state[2]) <= tonumber(ARGV[2]) then return 0 end
local expiresAt = tonumber(ARGV[3])
local keep = expiresAt + tonumber(ARGV[4]) - tonumber(ARGV[2])
local id = string.sub(rkey, #ARGV[1] + 1)
redis.call('HSET', rkey, 'exp', string.format('%d', expiresAt))
for _, f in ipairs(redis.call('HKEYS', rkey)) do
  if string.sub(f, 1, 1) == 'k' then
    local zkey = ARGV[5] .. string.sub(f, 2)
    redis.call('ZADD', zkey, 'XX', expiresAt, id)
    if redis.call('PTTL', zkey) < keep then redis.call('PEXPIRE', zkey, keep) end
  end
end
redis.call('PEXPIRE', rkey, math.max(1, keep))
return 1
`;

/**
 * USAGE: each counter's window now: lapses and drops old buckets, then
 * returns per counter six integers (spent micro-dollars, tokens, requests,
 * reserved ones), the spend since the counter was created (three), and how
 * many reservations it holds.
 * KEYS: per counter its hash and its lapse set. ARGV: reservation key
 * prefix, now, then per counter: key, first bucket.
 */
const usageLua = `${prelude}
local out = {}
for i = 1, #KEYS / 2 do
  local ckey, zkey = KEYS[2 * i - 1], KEYS[2 * i]
  lapse(ckey, zkey, ARGV[1 + 2 * i])
  local t = advance(ckey, tonumber(ARGV[2 + 2 * i]))
  local total = nums(redis.call('HGET', ckey, 'T'), 3)
  out[i] = { join(t), join(total), redis.call('ZCARD', zkey) }
end
return out
`;

/** The budget store's scripts. */
export const budgetScripts: {
  readonly reserve: LuaScript;
  readonly reconcile: LuaScript;
  readonly extend: LuaScript;
  readonly usage: LuaScript;
} = {
  reserve: luaScript(reserveLua),
  reconcile: luaScript(reconcileLua),
  extend: luaScript(extendLua),
  usage: luaScript(usageLua),
};
