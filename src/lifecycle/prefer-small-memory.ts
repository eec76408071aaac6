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
// Smaller young generation and slower heap growth, returned to the system sooner after a
// burst of events: 20 MB less idle and about 25 MB less after 10,000 events, for a burst
// handled about 10 % slower.
setFlagsFromString('--optimize-for-size');
