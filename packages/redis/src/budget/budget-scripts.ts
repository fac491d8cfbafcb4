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
local NONE = -1e300

-- A counter's state, read once (one HMGET), changed in memory, written once (save).
local function load(ckey)
  local s = redis.call('HMGET', ckey, 't', 'o', 'e', 'al', 'au', 'T')
  return {
    ckey = ckey, t = nums(s[1], 6), o = tonumber(s[2] or ''), e = tonumber(s[3] or '') or NONE,
    al = tonumber(s[4] or '0'), au = tonumber(s[5] or '0'), T = nums(s[6], 3), cells = {},
  }
end
local function cellOf(c, bucket)
  local field = 'b' .. fmt(bucket)
  local cell = c.cells[field]
  if not cell then
    cell = nums(redis.call('HGET', c.ckey, field), 6)
    c.cells[field] = cell
  end
  return cell
end
local function save(c)
  local args = { 't', join(c.t), 'al', string.format('%.17g', c.al), 'au', fmt(c.au), 'T', join(c.T) }
  if c.e ~= NONE then args[#args + 1] = 'e'; args[#args + 1] = fmt(c.e) end
  if c.o then args[#args + 1] = 'o'; args[#args + 1] = fmt(c.o) end
  for field, cell in pairs(c.cells) do args[#args + 1] = field; args[#args + 1] = join(cell) end
  redis.call('HSET', c.ckey, unpack(args))
  if not c.o then redis.call('HDEL', c.ckey, 'o') end
end

-- Gives a key an expiry of at least ms (a key never lives without one).
local function keepFor(key, ms)
  if ms < 1 then ms = 1 end
  if redis.call('PTTL', key) < ms then redis.call('PEXPIRE', key, ms) end
end

-- Adds amount (3 numbers) times sign to the spent (offset 0) or reserved (offset 3) part of a bucket and the totals;
-- nothing when the bucket left the window.
local function add(c, bucket, offset, a, sign)
  if bucket < c.e then return end
  local cell = cellOf(c, bucket)
  for u = 1, 3 do cell[offset + u] = cell[offset + u] + sign * a[u]; c.t[offset + u] = c.t[offset + u] + sign * a[u] end
  if not c.o or bucket < c.o then c.o = bucket end
end

-- Releases, on this counter, every reservation whose lapse passed.
local function lapse(c, zkey, key)
  local expired = redis.call('ZRANGEBYSCORE', zkey, '-inf', now)
  if #expired == 0 then return end
  for _, id in ipairs(expired) do
    local rkey = P .. id
    local held = redis.call('HMGET', rkey, 'a', 'k' .. key, 'x' .. key, 's')
    if held[1] and held[2] and not held[3] and held[4] == 'reserved' then
      add(c, tonumber(held[2]), 3, nums(held[1], 3), -1)
      redis.call('HSET', rkey, 'x' .. key, '1')
    end
  end
  redis.call('ZREMRANGEBYSCORE', zkey, '-inf', now)
end

-- Drops the buckets that left the window at first.
local function advance(c, first)
  if first > c.e then c.e = first end
  if c.o and c.o < first then
    local oldest = nil
    for _, f in ipairs(redis.call('HKEYS', c.ckey)) do
      if string.sub(f, 1, 1) == 'b' then
        local b = tonumber(string.sub(f, 2))
        if b < first then
          local cell = c.cells[f] or nums(redis.call('HGET', c.ckey, f), 6)
          for i = 1, 6 do c.t[i] = c.t[i] - cell[i] end
          c.cells[f] = nil
          redis.call('HDEL', c.ckey, f)
        elseif not oldest or b < oldest then oldest = b end
      end
    end
    c.o = oldest
  end
end

-- The level of a counter: committed over limit, percent, in its fullest limited unit.
local function level(c, limits)
  local l = 0
  for u = 1, 3 do
    if limits[u] > 0 then
      local v = (c.t[u] + c.t[3 + u]) * 100 / limits[u]
      if v > l then l = v end
    end
  end
  return l
end

-- Threshold crossings of a counter reaching lvl (the rule of crossThresholds), appended to out.
local function cross(c, budgetId, key, thresholds, alertUntil, lvl, out)
  if thresholds == '' then return end
  if now >= c.au then c.al = 0 end
  for th in string.gmatch(thresholds, '[^,]+') do
    local threshold = tonumber(th)
    if threshold > c.al and threshold <= lvl then
      if c.al == 0 then c.au = alertUntil end
      c.al = threshold
      out[#out + 1] = budgetId
      out[#out + 1] = key
      out[#out + 1] = th
      out[#out + 1] = string.format('%.17g', lvl)
    end
  end
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
  c.state = load(c.ckey)
  lapse(c.state, c.zkey, c.key)
  advance(c.state, c.first)
  local t = c.state.t
  c.committed = { t[1] + t[4], t[2] + t[5], t[3] + t[6] }
  local oldest = c.state.o or c.bucket
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
      local l = level(c.state, c.limits)
      if l < 100 then l = 100 end
      cross(c.state, c.budgetId, c.key, c.thresholds, c.alertUntil, l, crossings)
    end
    save(c.state)
    keepFor(c.ckey, c.releasedAt + keepMs - now)
  end
  return { 'no', shortfalls, crossings }
end
local fields = { 'a', join(wanted), 's', 'reserved', 'exp', fmt(expiresAt) }
for _, c in ipairs(counters) do
  add(c.state, c.bucket, 3, wanted, 1)
  redis.call('ZADD', c.zkey, expiresAt, string.sub(rkey, #P + 1))
  -- Expiries are relative (PEXPIRE): the caller's clock may differ from Redis's (or be virtual).
  local keep = math.max(c.releasedAt, expiresAt) + keepMs - now
  keepFor(c.zkey, keep)
  fields[#fields + 1] = 'k' .. c.key
  fields[#fields + 1] = fmt(c.bucket)
  cross(c.state, c.budgetId, c.key, c.thresholds, c.alertUntil, level(c.state, c.limits), crossings)
  save(c.state)
  keepFor(c.ckey, keep)
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
 * RECONCILE: settles a reservation once: on each counter lapses what
 * expired there, releases what is still reserved there (nothing where it
 * lapsed), charges the cost to the
 * reservation's bucket (dropped when that bucket left the window), adds it
 * to the counter's total, reports threshold crossings, and marks the
 * reservation settled (kept `rememberMs` to refuse a second one). An id not
 * reserved, or settled already, changes nothing.
 *
 * KEYS: the reservation, then per counter its hash and its lapse set.
 * ARGV: reservation key prefix, now, remember (ms), charge (micro-dollars,
 * tokens, requests), then per counter 8 values: key, limits (3), thresholds,
 * alert until, budget id, how long the counter must be kept (ms).
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
  local j = 6 + (i - 1) * 8
  local ckey, zkey, key = KEYS[2 * i], KEYS[2 * i + 1], ARGV[j + 1]
  local limits = { tonumber(ARGV[j + 2]), tonumber(ARGV[j + 3]), tonumber(ARGV[j + 4]) }
  local bucket = tonumber(redis.call('HGET', rkey, 'k' .. key) or '')
  if bucket then
    local c = load(ckey)
    -- What lapsed on this counter leaves it first (this reservation too, when its lapse passed):
    -- the level below counts only what is still reserved, as the memory store's does.
    lapse(c, zkey, key)
    if redis.call('HEXISTS', rkey, 'x' .. key) == 0 then add(c, bucket, 3, a, -1) end
    redis.call('ZREM', zkey, id)
    add(c, bucket, 0, charged, 1)
    for u = 1, 3 do c.T[u] = c.T[u] + charged[u] end
    cross(c, ARGV[j + 7], key, ARGV[j + 5], tonumber(ARGV[j + 6]), level(c, limits), crossings)
    save(c)
    keepFor(ckey, tonumber(ARGV[j + 8]))
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
 * reserved ones), the spend since the counter was created (three), how many
 * reservations it holds, and the oldest bucket it holds ('' for none).
 * KEYS: per counter its hash and its lapse set. ARGV: reservation key
 * prefix, now, then per counter: key, first bucket.
 */
const usageLua = `${prelude}
local out = {}
for i = 1, #KEYS / 2 do
  local ckey, zkey = KEYS[2 * i - 1], KEYS[2 * i]
  local c = load(ckey)
  lapse(c, zkey, ARGV[1 + 2 * i])
  advance(c, tonumber(ARGV[2 + 2 * i]))
  if redis.call('EXISTS', ckey) == 1 then save(c) end
  local oldest = ''
  if c.o then oldest = fmt(c.o) end
  out[i] = { join(c.t), join(c.T), redis.call('ZCARD', zkey), oldest }
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
