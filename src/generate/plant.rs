//! Rooms and the planted grid.
//!
//! In: the parameters, their checked sizes, the layout and the dice. Out: a
//! [`Plant`]: rooms (seats, `lab` and `recording` features, buildings, and,
//! with unavailability on, a closed slot and a closed day), the walks
//! between buildings, and every talk placed in the rooms x slots grid:
//! plenaries (keynotes in the biggest free room of a day's first slot,
//! with every other room of that slot left empty), overflow talks in a
//! main room and extra rooms of one slot, two-part workshops in labs,
//! single talks in the remaining cells, each with an audience its rooms
//! seat. Talks are numbered in random order. Later steps fill in speakers,
//! tracks, sequences, titles and restrictions.

use super::layout::{CHANGEOVER, Layout, Ref};
use super::{Dice, GenParams, Sizes};

/// Seats of the room levels, smallest first.
const LEVELS: [u32; 8] = [20, 30, 50, 80, 120, 200, 300, 500];
/// The feature of workshop rooms.
pub(super) const LAB: &str = "lab";
/// The feature of rooms that can stream a talk.
pub(super) const RECORDING: &str = "recording";

/// A room.
#[derive(Default)]
pub(super) struct Room {
    pub cap: u32,
    /// Sorted.
    pub features: Vec<&'static str>,
    pub building: Option<usize>,
    /// Slots or days it cannot be used (no talk is planted there).
    pub closed: Vec<Ref>,
}

/// What a talk's `fixed` pins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Fix {
    Slot,
    Room,
    Both,
}

/// A planted talk.
#[derive(Default)]
pub(super) struct Talk {
    /// The main room.
    pub room: usize,
    /// Extra rooms it is streamed to (an overflow talk's).
    pub extra: Vec<usize>,
    pub start: usize,
    pub parts: usize,
    pub audience: u32,
    pub speakers: Vec<usize>,
    pub track: Option<usize>,
    pub title: String,
    /// Sorted.
    pub needs: Vec<&'static str>,
    pub only: Vec<Ref>,
    pub unavailable: Vec<Ref>,
    pub fixed: Option<Fix>,
    /// Nothing else is planted in its slots.
    pub plenary: bool,
    /// Talks that end before it starts, its `after`.
    pub after: Vec<usize>,
    /// Soft: starts it would like (sorted).
    pub prefer: Vec<Ref>,
    /// Soft: slots it would rather not occupy (sorted).
    pub avoid: Vec<Ref>,
}

impl Talk {
    /// The slots it occupies.
    pub fn slots(&self) -> std::ops::Range<usize> {
        self.start..self.start + self.parts
    }
    /// Whether it is streamed to extra rooms.
    pub fn overflow(&self) -> bool {
        !self.extra.is_empty()
    }
}

/// Everything decided so far.
pub(super) struct Plant {
    pub lay: Layout,
    pub rooms: Vec<Room>,
    /// Walking minutes between buildings.
    pub walk: Vec<Vec<u32>>,
    pub talks: Vec<Talk>,
    /// The talk in each room (main or extra) and slot: `occ[room][slot]`.
    pub occ: Vec<Vec<Option<usize>>>,
    /// Each speaker's talks.
    pub speakers: Vec<Vec<usize>>,
    /// Speakers with `[[speakers]]` unavailability.
    pub speaker_unavailable: Vec<(usize, Vec<Ref>)>,
    /// Chains of back-to-back talks in one main room.
    pub sequences: Vec<Vec<usize>>,
    /// What each track's `[[tracks]]` entry says (empty without tracks).
    pub tracks: Vec<TrackPlan>,
    /// The track that never has two talks at once, if any.
    pub serial: Option<usize>,
    /// `[[conflicts]]` groups.
    pub conflicts: Vec<ConflictPlan>,
    /// Speakers' soft `prefer` and `avoid`.
    pub speaker_wishes: Vec<(usize, Vec<Ref>, Vec<Ref>)>,
}

/// A track's `[[tracks]]` entry.
#[derive(Default)]
pub(super) struct TrackPlan {
    /// Whether some talk is in it (only such tracks are declared).
    pub used: bool,
    /// Soft: its home rooms.
    pub rooms: Vec<usize>,
    /// Hard: the only main rooms its talks may use.
    pub only_rooms: Option<Vec<usize>>,
    /// Soft: starts its talks would like.
    pub prefer: Vec<Ref>,
    /// Soft: slots its talks would rather not occupy.
    pub avoid: Vec<Ref>,
    /// Hard: talks given in this order, each after the previous ended.
    pub order: Vec<usize>,
}

/// A `[[conflicts]]` group.
pub(super) struct ConflictPlan {
    pub talks: Vec<usize>,
    pub tracks: Vec<usize>,
    /// `hard = true`, or else a `weight`.
    pub hard: bool,
    pub weight: u64,
}

impl Plant {
    /// Whether one speaker cannot give both talks: they overlap, or follow
    /// each other in consecutive slots in buildings further apart than the
    /// changeover.
    pub fn clash(&self, a: usize, b: usize) -> bool {
        let (a, b) = (&self.talks[a], &self.talks[b]);
        let (x, y) = if a.start <= b.start { (a, b) } else { (b, a) };
        let end = x.start + x.parts - 1;
        let far = match (self.rooms[x.room].building, self.rooms[y.room].building) {
            (Some(p), Some(q)) => self.walk[p][q] > CHANGEOVER,
            _ => false,
        };
        y.start <= end || (far && y.start == end + 1 && self.lay.consecutive(end))
    }
}

/// A talk's place before it has a number.
struct Place {
    room: usize,
    extra: Vec<usize>,
    start: usize,
    parts: usize,
    plenary: bool,
}

/// Rooms, closures and the grid.
pub(super) fn plant(
    dice: &mut Dice,
    p: &GenParams,
    sizes: &Sizes,
    lay: Layout,
) -> Result<Plant, String> {
    let mut rooms = rooms(dice, p.rooms, &lay, sizes.workshops);
    let walk = buildings(dice, p.buildings, &mut rooms);
    // Room-slots left over once every talk has one.
    let mut spare = p.rooms * lay.slots() - sizes.talks;
    let mut free = vec![vec![true; lay.slots()]; p.rooms];
    if p.unavailability {
        close(dice, &lay, &mut rooms, &mut free, &mut spare);
    }
    // Plenaries are single talks: at most the talks neither workshops nor
    // overflow talks.
    let singles = sizes.talks - sizes.workshops - sizes.overflow;
    let wanted = if p.unavailability {
        p.plenaries.min(singles)
    } else {
        0
    };
    let mut places = plenaries(wanted, &lay, &mut free, &mut spare);
    places.extend(overflow(
        dice,
        sizes.overflow,
        &rooms,
        &mut free,
        &mut spare,
    ));
    places.extend(workshops(
        dice,
        sizes.workshops,
        &lay,
        &rooms,
        &mut free,
        &mut spare,
    ));
    let mut cells: Vec<(usize, usize)> = (0..p.rooms)
        .flat_map(|r| (0..lay.slots()).map(move |s| (r, s)))
        .filter(|&(r, s)| free[r][s])
        .collect();
    let singles = sizes.talks - places.len();
    if cells.len() < singles {
        return Err(format!(
            "the grid has {} free room-slots for {singles} talks (a generator bug)",
            cells.len()
        ));
    }
    dice.shuffle(&mut cells);
    places.extend(cells[..singles].iter().map(|&(room, start)| Place {
        room,
        extra: Vec::new(),
        start,
        parts: 1,
        plenary: false,
    }));
    dice.shuffle(&mut places);
    let mut occ = vec![vec![None; lay.slots()]; p.rooms];
    let mut talks = Vec::with_capacity(places.len());
    for (t, place) in places.into_iter().enumerate() {
        for r in std::iter::once(place.room).chain(place.extra.iter().copied()) {
            occ[r][place.start..place.start + place.parts].fill(Some(t));
        }
        talks.push(Talk {
            audience: audience(dice, &rooms, &place),
            room: place.room,
            extra: place.extra,
            start: place.start,
            parts: place.parts,
            plenary: place.plenary,
            ..Talk::default()
        });
    }
    Ok(Plant {
        lay,
        rooms,
        walk,
        talks,
        occ,
        speakers: Vec::new(),
        speaker_unavailable: Vec::new(),
        sequences: Vec::new(),
        tracks: Vec::new(),
        serial: None,
        conflicts: Vec::new(),
        speaker_wishes: Vec::new(),
    })
}

/// Rooms, biggest first: one at the top level, the others drawn with
/// weights favouring small levels, so several rooms share a level. About a
/// quarter of the small rooms are labs (up to half if the workshops need
/// them); the biggest room and some other big ones can record.
fn rooms(dice: &mut Dice, n: usize, lay: &Layout, workshops: usize) -> Vec<Room> {
    let top = 5 + usize::from(n > 3) + usize::from(n > 8);
    let mut caps = vec![LEVELS[top]];
    for _ in 1..n {
        let mut x = dice.below((1..=top + 1).sum());
        let mut level = 0; // level l has weight top + 1 - l
        while x > top - level {
            x -= top + 1 - level;
            level += 1;
        }
        caps.push(LEVELS[level]);
    }
    caps.sort_unstable_by(|a, b| b.cmp(a));
    let mut rooms: Vec<Room> = caps
        .into_iter()
        .map(|cap| Room {
            cap,
            ..Room::default()
        })
        .collect();
    let mut small: Vec<usize> = (0..n).filter(|&r| rooms[r].cap <= 50).collect();
    if small.is_empty() {
        small.push(n - 1);
    }
    let per_lab: usize = lay.runs.iter().map(|r| r.1 / 2).sum();
    let lo = small.len().div_ceil(4);
    let labs = workshops
        .div_ceil(per_lab.max(1))
        .clamp(lo, lo.max(small.len().div_ceil(2)));
    for r in dice.some(small, labs) {
        rooms[r].features.push(LAB);
    }
    for (r, room) in rooms.iter_mut().enumerate() {
        if room.cap >= 120 && (r == 0 || dice.chance(0.3)) && room.features.is_empty() {
            room.features.push(RECORDING);
        }
    }
    rooms
}

/// Buildings, each with at least one room, and the walks between them
/// (5 to 15 minutes, so some are longer than the changeover).
fn buildings(dice: &mut Dice, buildings: usize, rooms: &mut [Room]) -> Vec<Vec<u32>> {
    let nb = buildings.min(rooms.len());
    let mut order: Vec<usize> = (0..rooms.len()).collect();
    dice.shuffle(&mut order);
    for (i, &r) in order.iter().enumerate().filter(|_| nb > 0) {
        rooms[r].building = Some(i % nb);
    }
    let mut walk = vec![vec![0; nb]; nb];
    for (a, b) in (0..nb).flat_map(|a| (a + 1..nb).map(move |b| (a, b))) {
        walk[a][b] = 5 + u32::try_from(dice.below(11)).unwrap_or(0);
        walk[b][a] = walk[a][b];
    }
    walk
}

/// Closes a room for a whole day (on a multi-day event, when the spare
/// room-slots allow it twice over) and a room for one slot, before anything
/// is planted there.
fn close(
    dice: &mut Dice,
    lay: &Layout,
    rooms: &mut [Room],
    free: &mut [Vec<bool>],
    spare: &mut usize,
) {
    if lay.days.len() > 1 {
        let d = dice.below(lay.days.len());
        let r = dice.below(rooms.len());
        let day = &lay.days[d];
        if *spare >= 2 * day.count {
            rooms[r].closed.push(Ref::Day(d));
            day.slots().for_each(|s| free[r][s] = false);
            *spare -= day.count;
        }
    }
    let (r, s) = (dice.below(rooms.len()), dice.below(lay.slots()));
    if *spare >= 1 && free[r][s] {
        rooms[r].closed.push(Ref::Slot(s));
        free[r][s] = false;
        *spare -= 1;
    }
}

/// Up to `wanted` plenaries, the first in each day's first slot, then in
/// each day's last: the biggest room free there holds the keynote and the
/// other rooms of the slot stay empty, when the spare room-slots allow it
/// twice over.
fn plenaries(wanted: usize, lay: &Layout, free: &mut [Vec<bool>], spare: &mut usize) -> Vec<Place> {
    let firsts = lay.days.iter().map(|d| d.first);
    let lasts = lay.days.iter().map(|d| d.first + d.count - 1);
    let mut out = Vec::new();
    for s in firsts.chain(lasts).take(wanted) {
        let open: Vec<usize> = (0..free.len()).filter(|&r| free[r][s]).collect();
        let Some(&room) = open.first() else { continue };
        let blocked = open.len() - 1;
        if out.iter().any(|x: &Place| x.start == s) || *spare < 2 * blocked {
            continue;
        }
        open.iter().for_each(|&r| free[r][s] = false);
        *spare -= blocked;
        out.push(Place {
            room,
            extra: Vec::new(),
            start: s,
            parts: 1,
            plenary: true,
        });
    }
    out
}

/// Overflow talks: a slot, a main room (one of the two biggest free then)
/// and one or two extra rooms free in that slot; each extra room uses a
/// spare room-slot.
fn overflow(
    dice: &mut Dice,
    wanted: usize,
    rooms: &[Room],
    free: &mut [Vec<bool>],
    spare: &mut usize,
) -> Vec<Place> {
    let mut out = Vec::new();
    let slots = free.first().map_or(0, Vec::len);
    for _ in 0..4 * wanted {
        if out.len() == wanted || *spare == 0 || rooms.len() < 2 {
            break;
        }
        let s = dice.below(slots);
        let open: Vec<usize> = (0..rooms.len()).filter(|&r| free[r][s]).collect();
        if open.len() < 2 {
            continue;
        }
        let main = open[dice.below(2)];
        let k = (1 + dice.below(2)).min(*spare);
        let others = open.into_iter().filter(|&r| r != main).collect();
        let extra = dice.some(others, k);
        for &r in std::iter::once(&main).chain(&extra) {
            free[r][s] = false;
        }
        *spare -= extra.len();
        out.push(Place {
            room: main,
            extra,
            start: s,
            parts: 1,
            plenary: false,
        });
    }
    out
}

/// Two-part workshops on disjoint pairs of consecutive free slots of lab
/// rooms; each uses a spare room-slot.
fn workshops(
    dice: &mut Dice,
    wanted: usize,
    lay: &Layout,
    rooms: &[Room],
    free: &mut [Vec<bool>],
    spare: &mut usize,
) -> Vec<Place> {
    let mut pairs = Vec::new();
    for r in (0..rooms.len()).filter(|&r| rooms[r].features.contains(&LAB)) {
        for &(first, len) in &lay.runs {
            let offset = if len % 2 == 1 { dice.below(2) } else { 0 };
            pairs.extend(
                (first + offset..(first + len).saturating_sub(1))
                    .step_by(2)
                    .filter(|&s| free[r][s] && free[r][s + 1])
                    .map(|s| (r, s)),
            );
        }
    }
    dice.shuffle(&mut pairs);
    pairs.truncate(wanted.min(*spare));
    *spare -= pairs.len();
    pairs
        .into_iter()
        .map(|(room, start)| {
            free[room][start] = false;
            free[room][start + 1] = false;
            Place {
                room,
                extra: Vec::new(),
                start,
                parts: 2,
                plenary: false,
            }
        })
        .collect()
}

/// An audience its rooms seat: 40% to 100% of the main room's seats,
/// skewed high, so most talks in the big rooms fit no smaller room; an
/// overflow talk has more than its main room seats and at most its rooms'
/// seats, in the upper half of what the extra rooms add.
fn audience(dice: &mut Dice, rooms: &[Room], place: &Place) -> u32 {
    let cap = rooms[place.room].cap;
    if !place.extra.is_empty() {
        let more: u32 = place.extra.iter().map(|&r| rooms[r].cap).sum();
        let draw = u32::try_from(dice.below(more.div_ceil(2) as usize)).unwrap_or(0);
        return cap + more / 2 + 1 + draw;
    }
    let u = dice.unit();
    // In [0.4 cap, cap] and cap is at most 500: it fits, with no sign.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let audience = (f64::from(cap) * (1.0 - 0.6 * u * u)).round() as u32;
    audience.max(1)
}
