/**
 * Two V8 settings that trade a little speed for a smaller resident set, set as the CLI's first
 * import, before the other modules load (figures in docs/performance.md, footprint). Both are
 * read when used, not when V8 starts, so setting them here takes effect; flags fixed at start
 * (the young generation's size) would need the node command line instead.
 */
import { setFlagsFromString } from 'node:v8';

// undici parses HTTP with llhttp compiled to WebAssembly. V8's optimising compiler took about
// 35 MB of scratch memory for it on the first request, which the C allocator then kept; the
// baseline compiler (Liftoff) takes about 1 MB, and parsing a master's answers is no hot path.
setFlagsFromString('--liftoff-only');
// The young generation starts small and V8 doubles it under a burst of allocation, up to 32 MB
// that it keeps committed: a factor of 1 keeps it at its starting size, at the price of more
// frequent minor collections. (--optimize-for-size saved more, but it also holds the optimising
// compiler back: the Telegram fan-out benchmark went from 1.03 to 1.2 times its bound.)
setFlagsFromString('--semi-space-growth-factor=1');
