'use strict';
// restify 11 requires spdy when it loads, but only calls it for its `spdy` server option, which the
// assistant never sets (TLS and HTTP/2 end at the reverse proxy: docs/reverse-proxy.md). The real
// spdy 4 (unmaintained since 2020) loads http-deceiver, whose process.binding('http_parser') prints
// DEP0111 at every start. Should anyone pass the option, say so instead of failing obscurely.
function createServer() {
  throw new Error("restify's spdy option is not supported here: spdy is replaced by tools/spdy-absent (see package.json overrides)");
}
module.exports = { createServer };
