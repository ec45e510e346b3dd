//! Checked problem types: every reference resolved to a typed id.
//!
//! In: nothing (built by `problem::check` from the raw file).
//! Out: a [`Problem`] the later stages can trust: ids are indices, slots are
//! one global list across days, every talk's constraints are sets of slot
//! ids, dates and the time zone are parsed, and every talk, room, speaker,
//! day and sequence keeps the span of the text it came from, so later stages
//! can point at `file:line`.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use jiff::civil::Date;
use jiff::tz::TimeZone;

pub use super::time::{Minutes, hhmm};

/// A byte range in the problem file.
pub type Span = Range<usize>;

/// The file a problem was read from: its path as given and its text.
#[derive(Clone, Debug, Default)]
pub struct Source {
    /// The path as the user gave it.
    pub path: String,
    /// The whole text.
    pub text: Arc<str>,
}

impl Source {
    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        super::diagnostic::line_col(&self.text, offset)
    }

    /// `path:line:col` of a span's start.
    pub fn position(&self, span: &Span) -> String {
        let (line, col) = self.line_col(span.start);
        format!("{}:{line}:{col}", self.path)
    }
}

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u32);

        impl $name {
            /// The index into the problem's list.
            pub fn index(self) -> usize {
                self.0 as usize
            }
            /// The id of the `i`-th element.
            pub fn at(i: usize) -> Self {
                Self(crate::num::count32(i))
            }
        }
    };
}

typed_id!(
    /// A slot, counted across all days in time order.
    SlotId
);
typed_id!(
    /// A day of the event.
    DayId
);
typed_id!(
    /// A room, in the order of the problem file.
    RoomId
);
typed_id!(
    /// A talk, in the order of the problem file.
    TalkId
);
typed_id!(
    /// A speaker, in order of first appearance.
    SpeakerId
);
typed_id!(
    /// A building named by some room.
    BuildingId
);
typed_id!(
    /// A room feature named by some room.
    FeatureId
);
typed_id!(
    /// A track named by some talk.
    TrackId
);

/// A set of slots, as a bit per slot.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct SlotSet(Vec<bool>);

impl SlotSet {
    /// The empty set over `n` slots.
    pub fn empty(n: usize) -> Self {
        SlotSet(vec![false; n])
    }
    /// Adds a slot.
    pub fn insert(&mut self, s: SlotId) {
        self.0[s.index()] = true;
    }
    /// Whether the slot is in the set.
    pub fn contains(&self, s: SlotId) -> bool {
        self.0.get(s.index()).copied().unwrap_or(false)
    }
    /// Adds every slot of `other`.
    pub fn extend(&mut self, other: &SlotSet) {
        for s in other.iter() {
            self.insert(s);
        }
    }

    /// Whether no slot is in the set.
    pub fn is_empty(&self) -> bool {
        !self.0.iter().any(|&b| b)
    }
    /// The slots in the set, in time order.
    pub fn iter(&self) -> impl Iterator<Item = SlotId> + '_ {
        self.0
            .iter()
            .enumerate()
            .filter(|(_, b)| **b)
            .map(|(i, _)| SlotId::at(i))
    }
}

/// A day of the event.
#[derive(Clone, Debug)]
pub struct Day {
    /// The date.
    pub date: Date,
    /// Where the day's table is.
    pub span: Span,
    /// The day's slots, a contiguous range of global slot ids.
    pub first_slot: SlotId,
    /// Number of slots in this day.
    pub slot_count: usize,
    /// Breaks in time order.
    pub breaks: Vec<Break>,
}

impl Day {
    /// The ids of this day's slots.
    pub fn slots(&self) -> impl Iterator<Item = SlotId> + use<> {
        let first = self.first_slot.index();
        (first..first + self.slot_count).map(SlotId::at)
    }
}

/// A named break such as lunch.
#[derive(Clone, Debug)]
pub struct Break {
    /// What the break is called ("Lunch").
    pub name: String,
    /// Start, minutes since midnight.
    pub start: Minutes,
    /// End, minutes since midnight.
    pub end: Minutes,
}

/// A slot: where a talk part can start.
#[derive(Clone, Debug)]
pub struct Slot {
    /// The day it belongs to.
    pub day: DayId,
    /// Start, minutes since midnight.
    pub start: Minutes,
    /// Whether the next slot (id + 1) follows it with no break in between on
    /// the same day.
    pub consecutive_with_next: bool,
}

/// A room.
#[derive(Clone, Debug)]
pub struct Room {
    /// The id users write.
    pub id: String,
    /// Where the room's table is.
    pub span: Span,
    /// Display name (defaults to the id).
    pub name: String,
    /// Seats.
    pub capacity: u32,
    /// Building, if given.
    pub building: Option<BuildingId>,
    /// Features, sorted.
    pub features: Vec<FeatureId>,
    /// Slots the room cannot be used.
    pub unavailable: SlotSet,
}

/// A talk (a session of one or more parts).
#[derive(Clone, Debug)]
pub struct Talk {
    /// The id users write.
    pub id: String,
    /// Where the talk's table is.
    pub span: Span,
    /// Title (defaults to the id).
    pub title: String,
    /// Speakers, in the order written.
    pub speakers: Vec<SpeakerId>,
    /// Expected attendance.
    pub audience: u32,
    /// Number of consecutive slots it takes.
    pub parts: u32,
    /// Track, if any.
    pub track: Option<TrackId>,
    /// Features its main room must have.
    pub needs: Vec<FeatureId>,
    /// May be streamed to extra rooms in the same slots.
    pub overflow: bool,
    /// Start slot it must have.
    pub fixed_slot: Option<SlotId>,
    /// Main room it must have.
    pub fixed_room: Option<RoomId>,
    /// If given, the only slots it may start in.
    pub only: Option<SlotSet>,
    /// Slots it may not occupy (any part).
    pub unavailable: SlotSet,
    /// Talks it starts after (each must have ended): its own `after`.
    pub after: Vec<TalkId>,
    /// Nothing else occupies any slot it occupies (but its own extra rooms).
    pub plenary: bool,
    /// Soft: the slots it would like to start in.
    pub prefer: Option<SlotSet>,
    /// Soft: slots it would rather not occupy.
    pub avoid: SlotSet,
    /// Attendees who want to see it (`[[attendees]]`, `[interest] file`).
    pub interested: u32,
    /// Its `audience` was left out and follows from the interest:
    /// `interested` x `[interest] turnout`, rounded up.
    pub audience_derived: bool,
    /// The hard `[[conflicts]]` groups it is in, as indices into
    /// `Problem::conflicts`, ascending: derived from them when the problem
    /// is checked, so that `rules::exclusive` need not search every group.
    pub hard_groups: Vec<usize>,
}

/// Attendees with the same wish list, merged: each of them counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttendeeGroup {
    /// The talks they want, sorted, each once.
    pub wants: Vec<TalkId>,
    /// How many attendees have exactly this list.
    pub count: u32,
    /// Their ids, sorted.
    pub ids: Vec<String>,
}

/// `[interest]`: where the favourites come from and how many come.
#[derive(Clone, Debug, PartialEq)]
pub struct Interest {
    /// The favourites CSV as written in the problem (relative to it).
    pub file: Option<String>,
    /// The share of interested attendees expected in the room (default 1).
    pub turnout: f64,
}

impl Interest {
    /// Default turnout: every interested attendee comes.
    pub const DEFAULT_TURNOUT: f64 = 1.0;
}

/// A speaker: everybody named in some talk's `speakers`.
#[derive(Clone, Debug)]
pub struct Speaker {
    /// The name as written.
    pub name: String,
    /// Where the speaker is described: their `[[speakers]]` table, or else
    /// where a talk first names them.
    pub span: Span,
    /// Slots the speaker cannot attend.
    pub unavailable: SlotSet,
    /// The talks they give, in file order.
    pub talks: Vec<TalkId>,
    /// Soft: the slots their talks would like to start in.
    pub prefer: Option<SlotSet>,
    /// Soft: slots their talks would rather not occupy.
    pub avoid: SlotSet,
}

/// What a `[[tracks]]` entry says about a track (a track only named by
/// talks has none of it: it is just a label for track clashes).
#[derive(Clone, Debug)]
pub struct TrackRules {
    /// Where the `[[tracks]]` table is; `None` for a track only named by
    /// talks (then `track_rooms` and `track_gaps` do not count it).
    pub declared: Option<Span>,
    /// Display name (the id when not given).
    pub name: String,
    /// Soft: rooms the track's talks would like as main room.
    pub rooms: Vec<RoomId>,
    /// Hard: the only main rooms its talks may use.
    pub only_rooms: Option<Vec<RoomId>>,
    /// Soft: the slots its talks would like to start in.
    pub prefer: Option<SlotSet>,
    /// Soft: slots its talks would rather not occupy.
    pub avoid: SlotSet,
    /// Hard: talks given in this order, each after the previous has ended.
    pub order: Vec<TalkId>,
}

impl TrackRules {
    /// A track only named by talks.
    pub fn undeclared(name: &str, slots: usize) -> Self {
        TrackRules {
            declared: None,
            name: name.to_string(),
            rooms: Vec::new(),
            only_rooms: None,
            prefer: None,
            avoid: SlotSet::empty(slots),
            order: Vec::new(),
        }
    }
}

/// A `[[conflicts]]` group: talks (named, or of the tracks named) that
/// should not, or must not, share a slot.
#[derive(Clone, Debug)]
pub struct Conflict {
    /// Every member, in file order, each once.
    pub talks: Vec<TalkId>,
    /// Hard: no two members ever occupy a slot together.
    pub hard: bool,
    /// Soft: what each pair of members sharing a slot costs (times the
    /// `conflicts` weight).
    pub weight: u64,
    /// Where the table is.
    pub span: Span,
}

/// Talks given back to back in one room, in this order.
#[derive(Clone, Debug)]
pub struct Sequence {
    /// At least two talks.
    pub talks: Vec<TalkId>,
    /// Where the sequence's table is.
    pub span: Span,
}

/// What a change against a baseline costs (`[replan]`), per talk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Replan {
    /// Same start, another main room (or other extra rooms).
    pub room_change: u64,
    /// Another start on the same day: this much...
    pub time_change: u64,
    /// ...plus this much per hour of shift (pro rata, rounded)...
    pub time_change_per_hour: u64,
    /// ...but never more than this.
    pub time_change_cap: u64,
    /// Another day.
    pub day_change: u64,
    /// `None`: changes first, then the objective (lexicographic); `Some(w)`:
    /// one objective, with `w` per unit of change cost.
    pub weight: Option<u64>,
}

impl Replan {
    /// Default cost of a room change.
    pub const DEFAULT_ROOM_CHANGE: u64 = 10;
    /// Default cost of a time change on the same day.
    pub const DEFAULT_TIME_CHANGE: u64 = 20;
    /// Default cost per hour of shift.
    pub const DEFAULT_TIME_CHANGE_PER_HOUR: u64 = 10;
    /// Default cap of a same-day time change (a 2-hour shift).
    pub const DEFAULT_TIME_CHANGE_CAP: u64 = 40;
    /// Default cost of a day change.
    pub const DEFAULT_DAY_CHANGE: u64 = 50;
}

impl Default for Replan {
    fn default() -> Self {
        Replan {
            room_change: Self::DEFAULT_ROOM_CHANGE,
            time_change: Self::DEFAULT_TIME_CHANGE,
            time_change_per_hour: Self::DEFAULT_TIME_CHANGE_PER_HOUR,
            time_change_cap: Self::DEFAULT_TIME_CHANGE_CAP,
            day_change: Self::DEFAULT_DAY_CHANGE,
            weight: None,
        }
    }
}

/// Objective weights.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Weights {
    /// Per empty seat.
    pub empty_seats: u64,
    /// Per pair of same-track talks in one slot.
    pub track_clash: u64,
    /// Per declared track and day: each main room beyond one.
    pub track_rooms: u64,
    /// Per declared track and day: each unoccupied slot between its first
    /// and last talk.
    pub track_gaps: u64,
    /// Per unmet `prefer`, occupied `avoid` slot, or talk outside its
    /// track's `rooms`.
    pub preferences: u64,
    /// Times each soft `[[conflicts]]` group's weight, per pair per slot.
    pub conflicts: u64,
    /// Per attendee and slot, each wanted talk there beyond the first.
    pub attendee_missed: u64,
}

impl Weights {
    /// Default weight of an empty seat.
    pub const DEFAULT_EMPTY_SEATS: u64 = 1;
    /// Default weight of a track clash: one clash costs as much as 100 empty seats.
    pub const DEFAULT_TRACK_CLASH: u64 = 100;
    /// Default weight of a track's extra room on a day: as much as a clash.
    pub const DEFAULT_TRACK_ROOMS: u64 = 100;
    /// Default weight of a gap in a track's day.
    pub const DEFAULT_TRACK_GAPS: u64 = 30;
    /// Default weight of an unmet preference.
    pub const DEFAULT_PREFERENCES: u64 = 50;
    /// Default multiplier of the soft conflict groups' own weights.
    pub const DEFAULT_CONFLICTS: u64 = 1;
    /// Default weight of a talk an attendee misses: as much as 10 empty
    /// seats.
    pub const DEFAULT_ATTENDEE_MISSED: u64 = 10;
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            empty_seats: Self::DEFAULT_EMPTY_SEATS,
            track_clash: Self::DEFAULT_TRACK_CLASH,
            track_rooms: Self::DEFAULT_TRACK_ROOMS,
            track_gaps: Self::DEFAULT_TRACK_GAPS,
            preferences: Self::DEFAULT_PREFERENCES,
            conflicts: Self::DEFAULT_CONFLICTS,
            attendee_missed: Self::DEFAULT_ATTENDEE_MISSED,
        }
    }
}

/// A checked problem.
#[derive(Clone, Debug)]
pub struct Problem {
    /// The file it was read from.
    pub source: Source,
    /// What looked wrong but did not stop the file being read (with spans
    /// in `source`); `problem::warnings` renders them.
    pub warnings: Vec<super::Diagnostic>,
    /// Event name.
    pub name: String,
    /// IANA time zone name, as written (`"UTC"` when left out).
    pub timezone_name: String,
    /// The time zone itself.
    pub timezone: TimeZone,
    /// The language of the titles and names (a BCP 47 tag such as `ko` or
    /// `en-GB`), if given: published pages declare it.
    pub language: Option<String>,
    /// Length of a slot in minutes.
    pub slot_minutes: Minutes,
    /// Days in date order.
    pub days: Vec<Day>,
    /// All slots, in time order across days.
    pub slots: Vec<Slot>,
    /// Rooms in file order.
    pub rooms: Vec<Room>,
    /// Building names.
    pub buildings: Vec<String>,
    /// Feature names.
    pub features: Vec<String>,
    /// Track ids (as talks name them).
    pub tracks: Vec<String>,
    /// What each track's `[[tracks]]` entry says, parallel to `tracks`.
    pub track_rules: Vec<TrackRules>,
    /// Walking minutes between buildings, `walks[a][b]`.
    pub walks: Vec<Vec<Minutes>>,
    /// Talks in file order.
    pub talks: Vec<Talk>,
    /// Speakers in order of first appearance.
    pub speakers: Vec<Speaker>,
    /// Sequences in file order.
    pub sequences: Vec<Sequence>,
    /// `[[conflicts]]` groups in file order.
    pub conflicts: Vec<Conflict>,
    /// Objective weights.
    pub weights: Weights,
    /// Change costs against a baseline.
    pub replan: Replan,
    /// Attendees' wish lists (`[[attendees]]` and the `[interest] file`),
    /// identical lists merged, sorted by list.
    pub attendees: Vec<AttendeeGroup>,
    /// `[interest]`, if given.
    pub interest: Option<Interest>,
    /// The timetable to re-plan from (`--baseline`), once attached.
    pub baseline: Option<std::sync::Arc<Baseline>>,
}

impl Problem {
    /// The slot.
    pub fn slot(&self, s: SlotId) -> &Slot {
        &self.slots[s.index()]
    }
    /// The talk.
    pub fn talk(&self, t: TalkId) -> &Talk {
        &self.talks[t.index()]
    }
    /// The room.
    pub fn room(&self, r: RoomId) -> &Room {
        &self.rooms[r.index()]
    }
    /// The speaker.
    pub fn speaker(&self, p: SpeakerId) -> &Speaker {
        &self.speakers[p.index()]
    }
    /// All talk ids.
    pub fn talk_ids(&self) -> impl Iterator<Item = TalkId> + use<> {
        (0..self.talks.len()).map(TalkId::at)
    }
    /// All room ids.
    pub fn room_ids(&self) -> impl Iterator<Item = RoomId> + use<> {
        (0..self.rooms.len()).map(RoomId::at)
    }
    /// All slot ids.
    pub fn slot_ids(&self) -> impl Iterator<Item = SlotId> + use<> {
        (0..self.slots.len()).map(SlotId::at)
    }
    /// All speaker ids.
    pub fn speaker_ids(&self) -> impl Iterator<Item = SpeakerId> + use<> {
        (0..self.speakers.len()).map(SpeakerId::at)
    }

    /// Whether `s` and the slot after it are consecutive.
    pub fn consecutive(&self, s: SlotId) -> bool {
        self.slot(s).consecutive_with_next
    }

    /// Minutes between the end of `s` and the start of the next slot of
    /// the same day, if there is one.
    pub fn changeover_after(&self, s: SlotId) -> Option<Minutes> {
        let next = self.slots.get(s.index() + 1)?;
        let this = self.slot(s);
        (next.day == this.day).then(|| next.start - (this.start + self.slot_minutes))
    }

    /// The slots a talk starting at `start` occupies, if they exist and are
    /// consecutive.
    pub fn run_from(&self, start: SlotId, parts: u32) -> Option<Vec<SlotId>> {
        let first = start.index();
        let last = first + parts as usize - 1;
        if last >= self.slots.len() {
            return None;
        }
        if (first..last).all(|i| self.slots[i].consecutive_with_next) {
            Some((first..=last).map(SlotId::at).collect())
        } else {
            None
        }
    }

    /// The position (`path:line:col`) of a span in the problem file.
    pub fn position(&self, span: &Span) -> String {
        self.source.position(span)
    }

    /// Walking minutes between the buildings of two rooms.
    pub fn walk_between(&self, a: RoomId, b: RoomId) -> Minutes {
        match (self.room(a).building, self.room(b).building) {
            (Some(x), Some(y)) => self.walks[x.index()][y.index()],
            _ => 0,
        }
    }

    /// Whether the event spans more than one day (slot references then
    /// carry the date).
    pub fn multi_day(&self) -> bool {
        self.days.len() > 1
    }

    /// The slot as users write it: `HH:MM`, or `YYYY-MM-DD HH:MM` when the
    /// event has several days.
    pub fn slot_ref(&self, s: SlotId) -> String {
        let slot = self.slot(s);
        if self.multi_day() {
            format!("{} {}", self.days[slot.day.index()].date, hhmm(slot.start))
        } else {
            hhmm(slot.start)
        }
    }

    /// Finds a slot from a reference as written in timetables: `HH:MM`
    /// (one-day events) or `YYYY-MM-DD HH:MM`.
    pub fn find_slot(&self, text: &str) -> Option<SlotId> {
        let text = text.trim();
        let (date, time) = match text.split_once(' ') {
            Some((d, t)) => (Some(d.trim()), t.trim()),
            None => (None, text),
        };
        let day = match date {
            Some(d) => {
                let date = super::time::parse_date(d).ok()?;
                self.days.iter().position(|x| x.date == date)?
            }
            None if self.days.len() == 1 => 0,
            None => return None,
        };
        self.find_slot_on(day, time)
    }

    /// Finds the slot of day `day` (index) starting at `HH:MM`.
    pub fn find_slot_on(&self, day: usize, time: &str) -> Option<SlotId> {
        let minutes = super::time::parse_time(time.trim()).ok()?;
        self.days
            .get(day)?
            .slots()
            .find(|&s| self.slot(s).start == minutes)
    }

    /// The slot with its date, for messages: `2019-07-04 10:00`.
    pub fn slot_label(&self, s: SlotId) -> String {
        let slot = self.slot(s);
        format!("{} {}", self.days[slot.day.index()].date, hhmm(slot.start))
    }

    /// End of a slot, minutes since midnight.
    pub fn slot_end(&self, s: SlotId) -> Minutes {
        self.slot(s).start + self.slot_minutes
    }

    /// Number of talk-parts, a common measure of size.
    pub fn talk_parts(&self) -> u32 {
        self.talks.iter().map(|t| t.parts).sum()
    }

    /// Speakers of a talk joined by ", ".
    pub fn speaker_names(&self, t: TalkId) -> String {
        self.talk(t)
            .speakers
            .iter()
            .map(|&p| self.speaker(p).name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for SlotId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "slot#{}", self.0)
    }
}

/// Where a talk was in the baseline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Was {
    /// The day.
    pub date: Date,
    /// The start, minutes since midnight (wall clock).
    pub start: Minutes,
    /// That start as one of today's slots, if it still is one.
    pub slot: Option<SlotId>,
    /// The room ids, main room first, as the baseline names them.
    pub rooms: Vec<String>,
    /// The main room, if the problem still has it.
    pub main: Option<RoomId>,
    /// The extra (overflow) rooms, sorted, if the problem has them all.
    pub extras: Option<Vec<RoomId>>,
    /// The entry in the baseline's text.
    pub span: Span,
}

/// A baseline entry for a talk the problem no longer has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Withdrawn {
    /// The talk id.
    pub id: String,
    /// Its title, as the baseline gives it.
    pub title: Option<String>,
    /// Day and start, `YYYY-MM-DD HH:MM`.
    pub when: String,
    /// Its rooms, main room first.
    pub rooms: Vec<String>,
}

/// The timetable a re-plan starts from.
#[derive(Clone, Debug)]
pub struct Baseline {
    /// The baseline file.
    pub source: Source,
    /// Per talk of the problem, where it was (`None`: a new talk).
    pub was: Vec<Option<Was>>,
    /// Entries for talks the problem no longer has, in file order.
    pub withdrawn: Vec<Withdrawn>,
    /// Talks started before this moment keep their place.
    pub freeze: Option<(Date, Minutes)>,
    /// The talks frozen (now fixed where they were), in problem order.
    pub frozen: Vec<TalkId>,
    /// What looked wrong but did not stop the file being read, with spans
    /// in `source`.
    pub warnings: Vec<super::diagnostic::Diagnostic>,
}
