# Port helpers for the test servers' start scripts (source this file).
# Node does the binding: this project always has it, while python3 comes only with buildbot
# and bash cannot bind a socket.

# port_is_free PORT: succeeds when 127.0.0.1:PORT can be bound right now.
port_is_free() {
  node -e '
    const server = require("node:net").createServer();
    server.once("error", () => process.exit(1));
    server.listen(Number(process.argv[1]), "127.0.0.1", () => server.close(() => process.exit(0)));
  ' "$1"
}

# free_ports N: prints N distinct ports that were free on 127.0.0.1, one a line. All N are held
# open together before any is released, so the kernel cannot hand out the same port twice.
free_ports() {
  node -e '
    const net = require("node:net");
    const servers = Array.from({ length: Number(process.argv[1]) }, () => net.createServer());
    Promise.all(servers.map((s) => new Promise((ok, fail) => {
      s.once("error", fail);
      s.listen(0, "127.0.0.1", () => ok(s.address().port));
    }))).then((ports) => {
      console.log(ports.join("\n"));
      for (const s of servers) s.close();
    });
  ' "$1"
}

# pick_port NAME DEFAULT: the port for setting NAME. NAME's value from the environment if set
# (0 means "any free port"; a taken port is an error), else DEFAULT when free, else a free one.
pick_port() {
  local name=$1 default=$2 wanted=${!1:-}
  if [ "$wanted" = 0 ]; then free_ports 1; return; fi
  if [ -n "$wanted" ]; then
    if ! port_is_free "$wanted"; then
      echo "$(basename "$0"): port $wanted ($name) is in use; unset $name to pick a free one" >&2
      return 1
    fi
    echo "$wanted"; return
  fi
  if port_is_free "$default"; then echo "$default"; else free_ports 1; fi
}
