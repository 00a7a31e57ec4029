"""Reads one received message for tests/send.rs with Python's standard e-mail parser and prints it
as JSON: headers, the text and HTML parts, and the attachments (written to files in OUTDIR)."""

import email
import email.policy
import json
import os
import sys


def main():
    path, outdir = sys.argv[1], sys.argv[2]
    with open(path, "rb") as f:
        m = email.message_from_binary_file(f, policy=email.policy.default)
    attachments = []
    for part in m.iter_attachments():
        name = part.get_filename()
        target = os.path.join(outdir, os.path.basename(path) + "-" + name)
        with open(target, "wb") as f:
            f.write(part.get_content())
        attachments.append({"filename": name, "content_type": part.get_content_type(), "path": target})
    print(json.dumps({
        "from": str(m["From"]),
        "to": str(m["To"]),
        "subject": str(m["Subject"]),
        "message_id": str(m["Message-ID"]),
        "content_type": m.get_content_type(),
        "parts": [p.get_content_type() for p in m.walk()],
        "text": m.get_body(("plain",)).get_content(),
        "html": m.get_body(("html",)).get_content(),
        "attachments": attachments,
    }))


if __name__ == "__main__":
    main()
