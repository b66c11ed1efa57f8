"""Demo manuals: a realistic, varied manual for every demo person, matching their persona.

Written through `services.manuals.save_manual`, so each gets a revision like real use.
Visibilities are mixed on purpose (some "only me", some "my teams") so the demo shows
privacy at work; two manuals are saved long ago so the review nudge and "last
reviewed" appear, and one is edited twice so "what changed" has something to show.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from app.domain.manual import Preferences
from app.services.manuals import save_manual

W, T, P = "workspace", "teams", "private"

# short id -> (sections {key: (body, visibility)}, preferences, days since written)
MANUALS: dict[str, tuple[dict[str, tuple[str, str]], Preferences, int]] = {
    "amara": (
        {
            "story": (
                "I have led product teams for twelve years, first in publishing, now here. "
                "I care about **calm, sustainable pace** and about teams that disagree "
                "openly and decide quickly.",
                W,
            ),
            "work_best": (
                "Steady days: I plan Monday morning and keep a rhythm after that. "
                "Friday afternoons are for thinking and writing, not meetings.",
                W,
            ),
            "communication": (
                "Chat for quick things, email for anything that needs a decision "
                "record. I answer chat within a couple of hours.",
                W,
            ),
            "feedback": (
                "Tell me straight, in private, and soon. I would rather hear it "
                "half-formed than polished and late.",
                T,
            ),
            "energy": (
                "Energy: a good whiteboard session. Drain: status meetings that could "
                "have been a written update.",
                W,
            ),
            "misunderstood": (
                "When I ask a lot of questions I am not doubting you; I am "
                "building my own picture.",
                T,
            ),
            "help_me": ("Bring me the decision you need and the options you considered.", W),
        },
        Preferences(("chat", "email", "video"), "same_day", "spoken", "private", "short_agenda"),
        20,
    ),
    "jonas": (
        {
            "story": (
                "Infrastructure person, cyclist, bread baker. I start at 07:00 because "
                "that is when my head is clearest.",
                W,
            ),
            "work_best": (
                "Early. My peak is **07:00–10:00**: I keep it for deep work and "
                "code review. Meetings fit best after 11:00.",
                W,
            ),
            "communication": (
                "Async first. Write it in the team channel so others learn too; "
                "I check messages at 10:00, 13:00 and 16:00.",
                W,
            ),
            "feedback": ("Written, with examples. I like to sleep on it before we talk.", W),
            "energy": (
                "Energy: solving an outage calmly with a good team. Drain: late-afternoon calls.",
                T,
            ),
            "misunderstood": ("Leaving at 15:30 is not disengagement — I started at seven.", W),
            "help_me": ("Don't book me before 10:00 unless production is on fire.", W),
        },
        Preferences(("chat", "email"), "same_day", "written", "private", "mornings"),
        40,
    ),
    "priya": (
        {
            "story": (
                "Engineer on the platform team; I moved from data science. "
                "I protect my mornings for deep work and it makes me a better teammate.",
                W,
            ),
            "work_best": (
                "09:00–12:30 is focus time, notifications off. Afternoons are open "
                "for pairing and meetings.",
                W,
            ),
            "communication": (
                "Email or a thread I can read after my focus block. If it is "
                "urgent, call — I will pick up.",
                T,
            ),
            "feedback": ("Written and specific, in private first.", P),
            "energy": (
                "Energy: long uninterrupted stretches. Drain: being pinged every ten minutes.",
                W,
            ),
            "misunderstood": ("Slow replies in the morning are by design, not indifference.", T),
            "help_me": ("Batch your questions and send them before lunch.", W),
        },
        Preferences(("email", "chat", "call"), "same_day", "written", "private", "afternoons"),
        60,
    ),
    "mateo": (
        {
            "story": "Product engineer who thinks best out loud. Coffee first, then code.",
            "work_best": ("Afternoon person: my best hours are 13:00–18:00 Mexico City time.", W),
            "communication": ("I like calls! A quick call often beats twenty messages.", W),
            "feedback": ("Spoken, and public praise is welcome; criticism in a 1:1.", W),
            "energy": (
                "Energy: demos and talking to users. Drain: long written specs with "
                "no one to discuss them with.",
                W,
            ),
            "misunderstood": ("I think aloud, so my first idea is not my final position.", W),
            "help_me": ("Ping me for a call instead of a long thread.", T),
        },
        Preferences(("call", "video", "chat"), "within_hour", "spoken", "public", "afternoons"),
        10,
    ),
    "hana": (
        {
            "story": (
                "User researcher and event organiser. I walk every day at lunch — "
                "it is where most of my good ideas come from.",
                W,
            ),
            "work_best": ("Split day: 09:00–12:00, a long lunch walk, then 14:30–18:30.", W),
            "communication": "Chat is best; I reply after my walk if you write at lunch.",
            "feedback": ("Written first, then a short conversation.", T),
            "energy": (
                "Energy: interviews with real users. Drain: meetings with no clear purpose.",
                W,
            ),
            "misunderstood": ("Being offline at lunch is a commitment, not a disappearance.", W),
            "help_me": ("Share raw notes early; I can help shape them.", W),
        },
        Preferences(("chat", "video"), "same_day", "written", "private", "walking"),
        200,
    ),
    "liam": (
        {
            "story": (
                "Night owl engineer in Sydney. I start at 11:00 and do my best work "
                "late in the evening.",
                W,
            ),
            "work_best": (
                "11:00–19:30 with my peak after 16:00. Late evening overlaps with "
                "Europe's morning, which is handy.",
                W,
            ),
            "communication": ("Chat or email; I read everything when I start at 11:00.", W),
            "feedback": ("Direct and written, please.", W),
            "energy": "Energy: quiet evenings. Drain: 08:00 meetings.",
            "misunderstood": ("I am not slow to reply in the morning; I am asleep.", W),
            "help_me": ("Put early-morning meetings in the recording and send me notes.", T),
        },
        Preferences(("chat", "email"), "next_day", "written", "private", "async_first"),
        30,
    ),
    "sofia": (
        {
            "story": (
                "Designer and parent of two. My day has a hard edge around the school "
                "run, and that makes me very focused inside it.",
                W,
            ),
            "work_best": (
                "08:45–15:00 is my core; I often do an hour in the evening for quiet design work.",
                T,
            ),
            "communication": (
                "Chat during the day; nothing after 15:00 needs an answer until tomorrow.",
                W,
            ),
            "feedback": ("Show me, don't tell me: sketch on my design, in private.", T),
            "energy": (
                "Energy: critique sessions with the whole team. Drain: last-minute "
                "meetings at 15:00.",
                W,
            ),
            "misunderstood": "Leaving mid-afternoon is the school run, every single day.",
            "help_me": ("Never book me between 15:00 and 17:00.", W),
        },
        Preferences(("chat", "video"), "same_day", "spoken", "private", "mornings"),
        15,
    ),
    "kwame": (
        {
            "story": (
                "Community lead in Accra. I host community calls in the evening so "
                "people in the Americas can join.",
                W,
            ),
            "work_best": (
                "A lighter morning, then I come alive for the evening calls "
                "(18:00–20:00 twice a week).",
                W,
            ),
            "communication": ("In person or video whenever possible; I like to see faces.", W),
            "feedback": ("Spoken, and public is fine — we learn together.", W),
            "energy": ("Energy: people. Drain: admin and spreadsheets.", W),
            "misunderstood": ("Friendly is not the same as always available.", P),
            "help_me": ("Tell me who in the community should hear about your work.", W),
        },
        Preferences(("video", "in_person", "chat"), "same_day", "spoken", "public", "walking"),
        90,
    ),
    "emily": (
        {
            "story": (
                "Site reliability and docs. I keep **Wednesdays meeting-free** for "
                "writing and it is the best thing I have done for my work.",
                W,
            ),
            "work_best": (
                "Deep work on Wednesdays; the other days are open for meetings "
                "after 10:00 Pacific.",
                W,
            ),
            "communication": (
                "Chat for quick things, a ticket for anything that needs follow-up.",
                W,
            ),
            "feedback": ("Written, with the context of what you were trying to do.", W),
            "energy": ("Energy: finishing a runbook. Drain: being paged for noise.", T),
            "misunderstood": ("Declining Wednesday invites is not personal.", W),
            "help_me": ("Suggest Tuesday or Thursday when you need me.", W),
        },
        Preferences(("chat", "email"), "same_day", "written", "private", "few"),
        25,
    ),
    "noah": (
        {
            "story": (
                "Platform engineer. I prefer written, async updates — they respect "
                "everyone's time zones and leave a record.",
                W,
            ),
            "work_best": ("Long focus blocks, music on, one problem at a time.", W),
            "communication": (
                "Email or a written thread, always. I reply within a day. "
                "Calls only when writing has failed twice.",
                W,
            ),
            "feedback": ("Written, private, and with time to reflect.", W),
            "energy": ("Energy: a tidy pull request. Drain: surprise calls.", W),
            "misunderstood": "I am not shy in meetings, I just think before I speak.",
            "help_me": ("Write it down; I will read it properly.", W),
        },
        Preferences(("email", "chat"), "next_day", "written", "private", "async_first"),
        5,
    ),
    "aroha": (
        {
            "story": (
                "Engineer in Auckland on a four-day week — Fridays are for my whānau "
                "and my garden.",
                W,
            ),
            "work_best": (
                "Monday to Thursday, 08:30–17:00. Tuesday mornings are my best focus time.",
                W,
            ),
            "communication": ("Chat is great; I switch notifications off on Fridays.", W),
            "feedback": ("Spoken, in a 1:1, with a written summary after.", T),
            "energy": (
                "Energy: pairing with new teammates. Drain: Thursday-evening surprises.",
                W,
            ),
            "misunderstood": ("A four-day week is not a part-time commitment to the team.", T),
            "help_me": ("Tell me by Thursday if something needs me before Monday.", W),
        },
        Preferences(("chat", "video", "email"), "same_day", "spoken", "private", "short_agenda"),
        220,
    ),
    "lucas": (
        {
            "story": (
                "Developer advocate in São Paulo. I start late and peak late "
                "afternoon; my evenings are for talks and community.",
                W,
            ),
            "work_best": ("10:30–19:00, peak from 15:00. I write demos in the late afternoon.", W),
            "communication": ("Chat or a quick video call; I am happy to jump on.", T),
            "feedback": ("Spoken and direct; public praise makes my week.", W),
            "energy": ("Energy: live demos. Drain: early starts.", W),
            "misunderstood": "Being late online is my rhythm, not a lack of discipline.",
            "help_me": ("Invite me to customer calls — I love them.", W),
        },
        Preferences(("chat", "video", "call"), "within_hour", "spoken", "public", "afternoons"),
        50,
    ),
}

# A later edit of Jonas's manual, so "what changed" has a real diff to show.
JONAS_EDIT = (
    "energy",
    (
        "Energy: solving an outage calmly with a good team, and a long "
        "ride before work. Drain: late-afternoon calls.",
        T,
    ),
)


def _sections(raw: dict) -> dict[str, tuple[str, str]]:
    """Bodies given without a visibility are the author's own ("only me")."""
    return {k: v if isinstance(v, tuple) else (v, P) for k, v in raw.items()}


def seed_manuals(short_ids: dict[str, int], admin_id: int, now: datetime) -> None:
    """Write every demo person's manual; skips people not in `short_ids`."""
    for who, (raw, prefs, days_ago) in MANUALS.items():
        if who not in short_ids:
            continue
        sections = _sections(raw)
        save_manual(
            short_ids[who],
            sections=sections,
            preferences=prefs,
            now=now - timedelta(days=days_ago),
        )
        if who == "jonas":
            key, value = JONAS_EDIT
            save_manual(
                short_ids[who],
                sections={**sections, key: value},
                preferences=prefs,
                now=now - timedelta(days=2),
            )


def _register() -> None:
    from app.demo import SEED_STEPS

    if seed_manuals not in SEED_STEPS:
        SEED_STEPS.append(seed_manuals)


_register()
