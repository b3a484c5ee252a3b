-- bench/load.lua - the wrk script of bench/load.sh.
--
-- Cycles through the URL paths listed in the file named by the environment
-- variable LOAD_PATHS (one path a line, written by bench/load.sh: GET
-- /api/events?q=WORD, /api/events/ID, /api/articles/ID and /healthz in
-- turn, with words and ids read from the store beforehand).  Each wrk
-- thread starts at another point of the list.

local threads = 0

function setup(thread)
   thread:set("tid", threads)
   threads = threads + 1
end

local paths = {}
local n = 0
local i = 0

function init(args)
   local name = os.getenv("LOAD_PATHS") or "bench/out/load-paths.txt"
   local f = assert(io.open(name, "r"))
   for line in f:lines() do
      if #line > 0 then
         n = n + 1
         paths[n] = line
      end
   end
   f:close()
   assert(n > 0, name .. ": no paths")
   -- tid is set by setup(); spread the threads over the list
   i = ((tid or 0) * 7919) % n
end

function request()
   i = i % n + 1
   return wrk.format("GET", paths[i])
end
