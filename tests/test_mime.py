"""The .eml files: complete RFC 5322 messages, parsed back with the stdlib (policy default)."""

from __future__ import annotations

import dataclasses
import email
import re
from email import policy
from email.utils import parsedate_to_datetime

import pytest

from kapmail.config import load_campaign
from kapmail.deliver import emlformat, mime
from kapmail.errors import KapmailError
from kapmail.platforms import PROFILES
from tests.builds import build_in_memory, output_files
from tests.conftest import MINIMAL_CAMPAIGN, make_campaign

REQUIRED = (
    "From",
    "Reply-To",
    "To",
    "Subject",
    "Date",
    "Message-ID",
    "MIME-Version",
    "List-Id",
    "List-Unsubscribe",
    "List-Unsubscribe-Post",
)
DOMAIN = "riverbend-counselling.example.org"


def parse(data: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(data, policy=policy.default)


def test_every_eml_is_text_then_html_equal_to_the_built_files(kap_built, files):
    for rendered in kap_built.rendered:
        stem = rendered.email.stem
        message = parse(files[f"{stem}.eml"])
        assert message.get_content_type() == "multipart/alternative"
        assert not message.defects
        parts = list(message.iter_parts())
        assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
        text, html = parts
        assert text.get_content() == files[f"{stem}.txt"].decode()
        assert html.get_content() == files[f"{stem}.html"].decode()
        assert text.get_payload(decode=True) == files[f"{stem}.txt"]
        for part in parts:
            assert part.get_content_charset() == "utf-8"
            assert part["Content-Transfer-Encoding"] == "quoted-printable"


def test_headers_are_complete_and_right(kap_built, files):
    ids = set()
    for rendered in kap_built.rendered:
        em = rendered.email
        message = parse(files[f"{em.stem}.eml"])
        for header in REQUIRED:
            assert message[header], header
        assert message["From"] == f"Riverbend Learning Team <learning@{DOMAIN}>"
        assert message["Reply-To"] == f"training@{DOMAIN}"
        assert message["To"] == "Subscriber <subscriber@example.invalid>"
        assert message["Subject"] == em.subject
        assert message["MIME-Version"] == "1.0"
        assert parsedate_to_datetime(message["Date"]) == em.send_at
        assert message["Date"].endswith("-0500")
        assert re.fullmatch(rf"<[0-9a-f]{{32}}@{re.escape(DOMAIN)}>", message["Message-ID"])
        ids.add(message["Message-ID"])
        assert message["List-Id"] == f'"KAP for counsellors" <kap-conditions.{DOMAIN}>'
        unsubscribe = " ".join(message["List-Unsubscribe"].split())
        assert unsubscribe == (
            f"<https://{DOMAIN}/email/unsubscribe>, "
            f"<mailto:unsubscribe@{DOMAIN}?subject=unsubscribe>"
        )
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert len(ids) == len(kap_built.rendered)


def test_lines_are_short_and_bodies_encoded_at_76(files):
    for name, data in files.items():
        if not name.endswith(".eml"):
            continue
        lines = data.split(b"\n")
        assert all(len(line) <= 998 for line in lines)
        headers, body = data.split(b"\n\n", 1)
        for line in headers.split(b"\n"):  # folded at 78 unless one token is longer
            assert len(line) <= 78 or line.count(b" ") == 1, line
        assert all(len(line) <= 76 for line in body.split(b"\n"))
        assert data.isascii() and b"\r" not in data


def test_output_is_deterministic_and_message_id_stable(kap_built, files):
    again = output_files(kap_built)
    assert {k: v for k, v in files.items() if k.endswith(".eml")} == {
        k: v for k, v in again.items() if k.endswith(".eml")
    }
    em = kap_built.rendered[3].email
    campaign = kap_built.campaign
    assert mime.message_id(campaign, em) == mime.message_id(campaign, em)
    later = dataclasses.replace(em, send_at=em.send_at.replace(hour=10))
    assert mime.message_id(campaign, later) != mime.message_id(campaign, em)


def test_non_ascii_subject_and_sender_round_trip(tmp_path):
    subject = "Kétamine et sommeil — ce qu’il faut savoir 🌙, partie « un »"
    toml = MINIMAL_CAMPAIGN.replace('name = "Test series"', 'name = "Série kétamine"')
    toml += f'[sender]\nname = "Équipe Rivière"\n[emails.alpha]\nsubject = "{subject}"\n'
    article = "Intro.\n1. Alpha\nBody.\nShall we?\n"
    built = build_in_memory(load_campaign(make_campaign(tmp_path, article, toml)))
    files = output_files(built)
    data = files["02-alpha.eml"]
    assert data.isascii()
    assert b"=?utf-8?" in data.split(b"\n\n", 1)[0]
    message = parse(data)
    assert message["Subject"] == subject
    assert message["From"].addresses[0].display_name == "Équipe Rivière"
    assert message["List-Id"] == f"Série kétamine <campaign.{DOMAIN}>"
    assert all(len(line) <= 998 for line in data.split(b"\n"))


def test_to_is_given_and_checked(kap_built):
    rendered = kap_built.rendered[0]
    html, text = rendered.html, rendered.text
    campaign = kap_built.campaign
    data = mime.to_bytes(campaign, rendered.email, html, text, to="Sam Tester <sam@example.org>")
    assert parse(data)["To"] == "Sam Tester <sam@example.org>"
    data = mime.to_bytes(campaign, rendered.email, html, text, to="sam@example.org")
    assert parse(data)["To"] == "sam@example.org"
    for bad in ("not an address", "sam@example.org\r\nBcc: victim@example.org"):
        with pytest.raises(KapmailError):
            mime.to_bytes(campaign, rendered.email, html, text, to=bad)


def test_header_values_with_line_breaks_are_refused(kap_built):
    rendered = kap_built.rendered[0]
    evil = dataclasses.replace(rendered.email, subject="Hello\r\nBcc: victim@example.org")
    with pytest.raises(KapmailError, match="Subject header would contain a line break"):
        mime.to_bytes(kap_built.campaign, evil, rendered.html, rendered.text)


@pytest.mark.parametrize("name", ["mailchimp", "listmonk"])
def test_platform_build_eml_carries_the_platform_body(kap_built, name):
    files = output_files(kap_built, profile=PROFILES[name])
    stem = kap_built.rendered[0].email.stem
    text, html = parse(files[f"{stem}.eml"]).iter_parts()
    assert PROFILES[name].unsubscribe in text.get_content()
    assert html.get_content() == files[f"{stem}.html"].decode()


# Every character str.splitlines breaks at, found by asking Python itself.
LINE_BREAKS = [ch for ch in map(chr, range(0x110000)) if len(f"a{ch}b".splitlines()) > 1]


def test_one_line_refuses_every_line_break_and_control_character():
    assert {"\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e"} <= set(LINE_BREAKS)
    controls = [chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)]]
    for char in [*LINE_BREAKS, *controls]:
        with pytest.raises(KapmailError) as caught:
            mime.one_line(f"Hi{char}Bcc: x@example.org", header="Subject")
        error = caught.value
        assert error.key == "Subject"
        assert "Subject header would contain a line break" in error.message
        assert len(error.one_line().splitlines()) == 1
    assert mime.one_line("Hi — ça va? 🌙", header="Subject") == "Hi — ça va? 🌙"


def test_unicode_line_break_in_a_subject_is_a_kapmail_error_not_a_traceback(tmp_path, kap_built):
    toml = MINIMAL_CAMPAIGN + '[emails.alpha]\nsubject = "Hi\\u2028Bcc: x@example.org"\n'
    folder = make_campaign(tmp_path, "Intro.\n1. Alpha\nBody.\nShall we?\n", toml)
    with pytest.raises(KapmailError, match="one line"):  # config refuses it first
        load_campaign(folder)
    rendered = kap_built.rendered[0]
    for char in LINE_BREAKS:  # and mime, for a subject that did not come through config
        evil = dataclasses.replace(rendered.email, subject=f"Hi{char}Bcc: x@example.org")
        with pytest.raises(KapmailError, match="Subject header would contain a line break"):
            mime.to_bytes(kap_built.campaign, evil, rendered.html, rendered.text)


def test_to_is_exactly_one_address(kap_built):
    rendered = kap_built.rendered[0]
    campaign = kap_built.campaign
    data = mime.to_bytes(
        campaign, rendered.email, rendered.html, rendered.text, to='"Sam, Jr." <sam@example.org>'
    )
    (address,) = parse(data)["To"].addresses
    assert (address.display_name, address.addr_spec) == ("Sam, Jr.", "sam@example.org")
    with pytest.raises(KapmailError, match="more than one e-mail address") as caught:
        mime.recipient("Sam <sam@example.org>, evil@example.net")
    assert caught.value.key == "--to"
    for bad in ("", "sam@example", "a@b@example.org", "Sam\u2028 <sam@example.org>"):
        with pytest.raises(KapmailError) as caught:
            mime.recipient(bad)
        assert caught.value.key == "--to"


@pytest.mark.parametrize(
    "body",
    [
        "A line.\n.\nA lone dot above, which SMTP would read as the end.\n",
        "Trailing space \nand a tab\t\nand = signs == here\n",
        "x" * 74 + "é\n" + "y" * 75 + "=\n" + "z" * 76 + " \n" + "w" * 200 + "\n",
        "Windows\r\nline ends\rand old Mac ones\n",
        "العربية على سطر طويل " * 8 + "\n—🌙\n",
    ],
)
def test_each_part_is_quoted_printable_that_decodes_to_its_text(kap_built, body):
    """The parts' encoding (binascii, not the stdlib's Python encoder) round-trips any text:
    lone dots, trailing white space, escapes at the 76th column, line ends of any kind."""
    em, campaign = kap_built.rendered[1].email, kap_built.campaign
    data = mime.to_bytes(campaign, em, f"<p>{body}</p>\n", body)
    assert data.isascii()
    _, encoded = data.split(b"\n\n", 1)
    assert all(len(line) <= 76 for line in encoded.split(b"\n"))
    assert b"\n.\n" not in encoded  # a lone dot is written =2E
    text, html = (part.get_content() for part in parse(data).iter_parts())
    expected = "\n".join(body.splitlines()) + "\n"
    assert text == expected
    assert html == f"<p>{expected}</p>\n"


def test_the_eml_is_what_the_stdlib_generator_writes(kap_built):
    """Bodies go out in one piece (`emlformat._Writer`), to the bytes the stdlib writes line by
    line; a body with CR in it still has its line ends made LF, as the stdlib does."""
    campaign = kap_built.campaign
    for rendered in kap_built.rendered:
        message = mime.build_message(campaign, rendered.email, rendered.html, rendered.text)
        assert emlformat.flattened(message) == message.as_bytes(policy=emlformat.POLICY)
    odd = mime.build_message(campaign, kap_built.rendered[0].email, "<p>x</p>", "x")
    odd.get_payload()[0].set_payload("one\r\ntwo\rthree\n")
    assert emlformat.flattened(odd) == odd.as_bytes(policy=emlformat.POLICY)
    assert b"one\ntwo\nthree\n" in emlformat.flattened(odd)


def test_a_header_every_email_shares_is_folded_once_to_the_same_bytes(tmp_path):
    """From, Reply-To, List-* are the same objects in every message (`emlformat`); their
    folded bytes are kept on them and equal a fresh fold, non-ASCII names included."""
    toml = MINIMAL_CAMPAIGN + '[sender]\nname = "Équipe Rivière — Conseil et psychothérapie"\n'
    article = "Intro.\n1. Alpha\nBody.\nShall we?\n"
    built = build_in_memory(load_campaign(make_campaign(tmp_path, article, toml)))
    campaign, emails = built.campaign, [r.email for r in built.rendered]
    first, second = (mime.build_message(campaign, e, "<p>x</p>", "x") for e in emails[:2])
    emlformat.flattened(first)
    shared = [(n, v) for n, v in second.raw_items() if getattr(v, "_kapmail_folded", None)]
    assert {"From", "List-Id", "List-Unsubscribe"} <= {n for n, _ in shared}
    for name, value in shared:
        kept = emlformat.POLICY.fold_binary(name, value)
        del value._kapmail_folded
        assert emlformat.POLICY.fold_binary(name, value) == kept
    assert emlformat.flattened(second) == second.as_bytes(policy=emlformat.POLICY)
