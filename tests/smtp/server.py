"""A real SMTP server for tests/send.rs (Debian's python3-aiosmtpd): TLS with the given self-signed
certificate (STARTTLS, or TLS from the start with --smtps), AUTH LOGIN/PLAIN required, recipients
that are always rejected (--reject) and recipients deferred once with a temporary error (--defer). Every accepted message is saved as N.eml with N.json (envelope)
in --spool. Prints "ready PORT" once it listens; stops when standard input closes."""

import argparse
import asyncio
import json
import os
import socket
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--spool", required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--reject", action="append", default=[])
    p.add_argument("--defer", action="append", default=[])
    p.add_argument("--smtps", action="store_true")
    a = p.parse_args()

    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(a.cert, a.key)
    count = [0]

    class Handler:
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if address in a.reject:
                return "550 5.1.1 <%s>: recipient rejected" % address
            if address in a.defer:
                a.defer.remove(address)
                return "451 4.3.0 <%s>: try again later" % address
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            count[0] += 1
            base = os.path.join(a.spool, str(count[0]))
            with open(base + ".eml", "wb") as f:
                f.write(envelope.original_content)
            with open(base + ".json", "w") as f:
                json.dump({"from": envelope.mail_from, "to": envelope.rcpt_tos,
                           "tls": session.ssl is not None
                                  or server.transport.get_extra_info("ssl_object") is not None,
                           "auth": session.authenticated}, f)
            return "250 2.0.0 accepted"

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login == a.user.encode()
              and auth_data.password == a.password.encode())
        return AuthResult(success=ok, handled=False)

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()

    # With TLS from the start aiosmtpd does not see the session as TLS for AUTH, so it is only
    # required explicitly with STARTTLS (where `require_starttls` also refuses plain commands).
    kwargs = dict(hostname="127.0.0.1", port=port, authenticator=authenticator,
                  auth_required=True, auth_require_tls=not a.smtps, decode_data=False)
    if a.smtps:
        controller = Controller(Handler(), ssl_context=ctx, **kwargs)
    else:
        controller = Controller(Handler(), tls_context=ctx, require_starttls=True, **kwargs)
    controller.start()
    print("ready %d" % port, flush=True)
    sys.stdin.read()
    controller.stop()


if __name__ == "__main__":
    main()
