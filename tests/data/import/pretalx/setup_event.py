"""Creates the round-trip test event in a fresh pretalx database.

Run by tests/cli/import.rs as
    PRETALX_DATA_DIR=... python setup_event.py TOKEN
after `python -m pretalx migrate`. Uses only pretalx's own models (the
same objects its organiser screens create). Prints nothing on success.

The event: two days, three rooms with capacities (the lab is open on the
first day only), two submission types (30-minute talks, 60-minute
workshops), two tracks, 24 accepted or confirmed submissions (three pages
when the test asks for 10 per page) and three that must not be imported
(one rejected, one withdrawn, one still submitted), speakers with
availabilities, one of them with a Korean name.
"""

import datetime as dt
import os
import sys
import zoneinfo

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pretalx.settings")
import django  # noqa: E402

django.setup()

from django_scopes import scopes_disabled  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from pretalx.event.models import Event, Organiser, Team  # noqa: E402
from pretalx.person.models import SpeakerProfile, User  # noqa: E402
from pretalx.schedule.models import Availability, Room  # noqa: E402
from pretalx.submission.models import Submission, SubmissionType, Track  # noqa: E402

TZ = zoneinfo.ZoneInfo("Europe/Berlin")


def at(day, hhmm):
    h, m = map(int, hhmm.split(":"))
    return dt.datetime(2025, 9, 12 + day, h, m, tzinfo=TZ)


def main(token):
    with scopes_disabled():
        org = Organiser.objects.create(name="RoundTrip", slug="roundtrip")
        event = Event.objects.create(
            name="RoundTrip2025",
            slug="roundtrip2025",
            organiser=org,
            date_from=dt.date(2025, 9, 12),
            date_to=dt.date(2025, 9, 13),
            timezone="Europe/Berlin",
            locale="en",
        )
        event.feature_flags["use_tracks"] = True
        event.save()
        admin = User.objects.create_user(
            email="orga@example.org", password="not-used-anywhere", name="Orga"
        )
        admin.is_administrator = True
        admin.save()
        team = Team.objects.create(
            organiser=org,
            name="Organisers",
            all_events=True,
            can_create_events=True,
            can_change_teams=True,
            can_change_organiser_settings=True,
            can_change_event_settings=True,
            can_change_submissions=True,
        )
        team.members.add(admin)
        Token.objects.create(user=admin, key=token)

        rooms = {}
        for pos, (name, cap) in enumerate([("Hall", 200), ("Room B", 80), ("Lab", 30)]):
            rooms[name] = Room.objects.create(event=event, name=name, capacity=cap, position=pos)
        # The lab is open on the first day only; the others both days.
        Availability.objects.create(event=event, room=rooms["Lab"], start=at(0, "09:00"), end=at(0, "17:00"))
        for name in ("Hall", "Room B"):
            for day in (0, 1):
                Availability.objects.create(event=event, room=rooms[name], start=at(day, "09:00"), end=at(day, "17:00"))

        talk = SubmissionType.objects.create(event=event, name="Talk", default_duration=30)
        workshop = SubmissionType.objects.create(event=event, name="Workshop", default_duration=60)
        tracks = {n: Track.objects.create(event=event, name=n) for n in ("Rust", "Python")}

        speakers = {}
        names = ["Ada Lovelace", "Grace Hopper", "김민지", "Linus Example", "Margaret Hamilton",
                 "Ken Thompson", "Barbara Liskov", "Donald Knuth", "Frances Allen", "Edsger Dijkstra",
                 "Radia Perlman", "Alan Kay"]
        for i, name in enumerate(names):
            user = User.objects.create_user(email=f"speaker{i}@example.org", password=None, name=name)
            profile = SpeakerProfile.objects.create(user=user, event=event, biography="")
            speakers[name] = (user, profile)
        # Grace Hopper can come on the first day only, Alan Kay on the
        # second afternoon only; the others gave no availability (any time).
        Availability.objects.create(event=event, person=speakers["Grace Hopper"][1], start=at(0, "09:00"), end=at(0, "17:00"))
        Availability.objects.create(event=event, person=speakers["Alan Kay"][1], start=at(1, "13:00"), end=at(1, "17:00"))

        def sub(title, kind, state, people, track=None, duration=None):
            s = Submission.objects.create(
                event=event, title=title, submission_type=kind, state=state,
                track=tracks.get(track), duration=duration, content_locale="en",
            )
            for p in people:
                s.speakers.add(speakers[p][0])
            return s

        for i in range(18):
            people = [names[i % len(names)]]
            if i == 5:
                people.append("Grace Hopper")
            sub(f"Talk number {i + 1}", talk, "accepted" if i % 3 else "confirmed", people,
                track=("Rust", "Python", None)[i % 3])
        for i in range(5):
            sub(f"Workshop {i + 1}", workshop, "confirmed", [names[(i * 5 + 2) % len(names)]], track="Rust")
        # A talk with its own duration (90 minutes = three 30-minute slots).
        sub("Long tutorial", talk, "accepted", ["Alan Kay"], duration=90)
        # Not imported: rejected, withdrawn, submitted.
        sub("Rejected talk", talk, "rejected", ["Ada Lovelace"])
        sub("Withdrawn talk", talk, "withdrawn", ["Ken Thompson"])
        sub("Still under review", talk, "submitted", ["Alan Kay"])


if __name__ == "__main__":
    main(sys.argv[1])
