# The master's 'base' web plugin. Buildbot 3.7 will not start its web server, and so serves no
# REST API, without a plugin named 'base' in the 'buildbot.www' entry point group; the real one
# is the buildbot-www package, which Debian does not ship. This one serves a single page at /.
# /api/v2, /ws, /sse, /config, /auth and /change_hook are Buildbot's own and work as usual.
from buildbot.www.plugin import Application

ep = Application(__name__, "buildbot-chat test master: no web UI, REST API at /api/v2")
