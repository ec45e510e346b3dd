//! Why no timetable exists, as data: the facts the analysis and the
//! explanation search find, naming talks, speakers, rooms and slots by id.
//!
//! In: nothing (filled in by `analysis` and `search::explain`). Out: sorted,
//! comparable values that `report` turns into sentences. Like a derivation
//! tree, a reason holds every fact its sentence needs, so the report never
//! re-runs the analysis.

use crate::problem::{BuildingId, FeatureId, RoomId, SlotId, SpeakerId, TalkId};

/// Why one start slot is ruled out for a talk, by its own rules.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Block {
    /// The talk is fixed to start at another slot.
    Fixed(SlotId),
    /// The slot is not in the talk's `only`.
    NotInOnly,
    /// The talk's parts would run past a break or the end of the day.
    NoRun,
    /// The talk itself is unavailable in a slot it would occupy.
    TalkUnavailable,
    /// A speaker is unavailable in a slot the talk would occupy.
    SpeakerUnavailable(SpeakerId),
    /// Every room the talk could use (these) is unavailable in a slot it
    /// would occupy.
    RoomsUnavailable(Vec<RoomId>),
    /// The talk's sequence (index) leaves no room for it there.
    Sequence(usize),
    /// The talk must start after this talk ends, which it cannot by then.
    After(TalkId),
    /// This talk must start after the talk ends, which it then cannot.
    Before(TalkId),
}

/// A resource counted by a pigeonhole proof.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Resource {
    /// Rooms with at least this many seats.
    Seats(u32),
    /// Rooms with this feature.
    Feature(FeatureId),
}

/// Why no timetable can exist, as facts about the input.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reason {
    /// No room has the features and seats the talk needs (or its fixed
    /// room does not).
    NoRoom {
        /// The talk.
        talk: TalkId,
        /// When the talk could use some room on its own but its sequence
        /// shares none: the sequence (index) and the rooms each of its
        /// talks could use.
        sequence: Option<SequenceRooms>,
    },
    /// A talk, or a sequence of talks given back to back, needs more
    /// consecutive slots than any day has between breaks.
    TooLong {
        /// The talk, or the sequence's talks in order.
        talks: Vec<TalkId>,
        /// The sequence (index), when it is one.
        sequence: Option<usize>,
        /// Consecutive slots needed.
        parts: u32,
        /// The longest run of consecutive slots.
        longest: u32,
    },
    /// No start slot is left by the talk's own rules; each slot with the
    /// first rule that rules it out.
    NoStart {
        /// The talk.
        talk: TalkId,
        /// Slots grouped by what rules them out, in slot order.
        blocked: Vec<(Block, Vec<SlotId>)>,
    },
    /// Talks that must follow one another (`after`, a track's `order`)
    /// in a circle, or in a chain whose talk-parts outnumber the event's
    /// slots.
    Precedence {
        /// The talks in order (for a circle, the first follows the last).
        talks: Vec<TalkId>,
        /// Whether they form a circle.
        cycle: bool,
        /// Talk-parts of the chain.
        parts: u32,
        /// Slots of the whole event.
        slots: u32,
    },
    /// A speaker has more talk-parts than slots they can attend.
    SpeakerOverloaded {
        /// The speaker.
        speaker: SpeakerId,
        /// Talk-parts they give.
        parts: u32,
        /// Slots they are available in.
        slots: u32,
    },
    /// Talks that pairwise cannot share a slot (a shared speaker, or one
    /// sequence) have more parts than the slots they can occupy.
    Exclusive {
        /// The talks, in file order.
        talks: Vec<TalkId>,
        /// Their talk-parts.
        parts: u32,
        /// The slots any of them can occupy.
        slots: Vec<SlotId>,
    },
    /// Talks whose main room must have a resource outnumber the room-slots
    /// that have it.
    Pigeonhole {
        /// Seats at least c, or a feature.
        resource: Resource,
        /// The talks needing it, in file order.
        talks: Vec<TalkId>,
        /// Their talk-parts.
        parts: u32,
        /// Rooms with the resource.
        rooms: Vec<RoomId>,
        /// Room-slots with the resource (rooms' unavailability removed).
        room_slots: u32,
    },
    /// Two fixed talks want the same room in the same slot.
    FixedCollision {
        /// First talk (file order).
        a: TalkId,
        /// Second talk.
        b: TalkId,
        /// The room.
        room: RoomId,
        /// The slot.
        slot: SlotId,
    },
    /// An overflow talk cannot gather its audience's seats in any slot it
    /// may start in.
    OverflowShort {
        /// The talk.
        talk: TalkId,
        /// The most seats available in any of its starts.
        seats: u32,
    },
    /// The solver proved that these rules cannot all hold together (found
    /// by deletion filtering over groups of constraints).
    Conflict {
        /// The rule groups involved, sorted.
        groups: Vec<Group>,
        /// False when the time ran out (or a stop came) before the set was
        /// irreducible.
        minimal: bool,
        /// Where each talk among the groups may go, in group order.
        freedom: Vec<Freedom>,
        /// For speakers among the groups: the longest walk their talks'
        /// rooms may need, where there is one.
        walks: Vec<Walk>,
    },
}

/// How many talk-parts need a resource and how many room-slots have it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Load {
    /// Seats at least c, or a feature.
    pub resource: Resource,
    /// The talks needing it, in file order.
    pub talks: Vec<TalkId>,
    /// Their talk-parts.
    pub parts: u32,
    /// Rooms with the resource.
    pub rooms: Vec<RoomId>,
    /// Room-slots with the resource.
    pub room_slots: u32,
}

/// A group of rules that deletion filtering switches on and off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    /// The talk must be given, within its own restrictions.
    Talk(TalkId),
    /// The room holds one talk at a time.
    Room(RoomId),
    /// The speaker is in one place at a time, can walk, and keeps their
    /// unavailability.
    Speaker(SpeakerId),
    /// The sequence (index) is back to back in one room.
    Sequence(usize),
    /// A precedence (index into `rules::precedences`): the later talk
    /// starts after the earlier has ended.
    Precedence(usize),
    /// The plenary: nothing else at the same time.
    Plenary(TalkId),
    /// The hard conflict group (index): never two of its talks at once.
    Conflict(usize),
}

/// A sequence (index) and the main rooms each of its talks could use.
pub type SequenceRooms = (usize, Vec<(TalkId, Vec<RoomId>)>);

/// Where a talk may go: its possible starts and main rooms.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Freedom {
    /// The talk.
    pub talk: TalkId,
    /// Start slots in time order.
    pub starts: Vec<SlotId>,
    /// Main rooms in file order.
    pub rooms: Vec<RoomId>,
}

/// A walk a speaker's talks may need.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Walk {
    /// The speaker.
    pub speaker: SpeakerId,
    /// Minutes of walking.
    pub minutes: u32,
    /// The two buildings, lower id first.
    pub between: (BuildingId, BuildingId),
}
