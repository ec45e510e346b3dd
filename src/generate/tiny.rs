//! Tiny random problems that use every key of the format, small enough to
//! solve by enumerating every timetable.
//!
//! In: a seed and [`TinySize`]. Out: a [`ProblemFile`] of a few talks,
//! rooms and slots (one day, one day around lunch, or two days) in which
//! every optional rule appears now and then: buildings and walks, features,
//! talk, speaker and room unavailability (single slots and whole days),
//! `only`, `fixed` slots and rooms, tracks, overflow talks, multi-part
//! talks, sequences (with overflow and multi-part talks in them), shared
//! speakers, `after` (cycles too, now and then), plenaries, talks' and
//! speakers' `prefer` and `avoid`, declared `[[tracks]]` (rooms,
//! `only_rooms`, `prefer`, `avoid`, `order`), hard and weighted
//! `[[conflicts]]`, `[[attendees]]` (with talks whose audience follows
//! from them, and `[interest] turnout`) and every objective weight. The same seed gives the same file. The
//! differential tests compare the solver with brute force on these.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::file::{
    Attendee, Break, Conflict, Day, Event, Fixed, Interest, Objective, ProblemFile, Room, Sequence,
    Speaker, Talk, Track, Walk,
};

/// How big a tiny problem may be, and how often optional rules appear.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TinySize {
    /// Most talks.
    pub talks: usize,
    /// Most rooms.
    pub rooms: usize,
    /// Chance of each optional rule (spread over the talks and rooms).
    pub rare: f64,
}

impl TinySize {
    /// Small enough for brute force: 6 talks, 3 rooms, 4 slots.
    pub const BRUTE: TinySize = TinySize {
        talks: 6,
        rooms: 3,
        rare: 0.25,
    };
}

const TIMES: [&str; 4] = ["09:00", "10:00", "11:00", "13:00"];
const SPEAKERS: [&str; 3] = ["Ann", "Bo", "Cy"];
const TRACKS: [&str; 2] = ["ml", "db"];
const BUILDINGS: [&str; 2] = ["X", "Y"];

struct Dice(ChaCha8Rng);

impl Dice {
    fn below(&mut self, n: usize) -> usize {
        #[allow(clippy::cast_possible_truncation)] // n is small
        let k = self.0.random_range(0..n as u64) as usize;
        k
    }
    fn chance(&mut self, p: f64) -> bool {
        self.0.random::<f64>() < p
    }
    fn pick<T: Copy>(&mut self, v: &[T]) -> T {
        v[self.below(v.len())]
    }
    /// A random non-empty subset of `0..n`, in order.
    fn subset(&mut self, n: usize) -> Vec<usize> {
        loop {
            let v: Vec<usize> = (0..n).filter(|_| self.chance(0.5)).collect();
            if !v.is_empty() {
                return v;
            }
        }
    }
}

/// Days and slot references.
struct Layout {
    /// Slots: (day index, time index into TIMES).
    slots: Vec<(usize, usize)>,
    days: Vec<Day>,
}

impl Layout {
    /// `kind` 0: one day; 1: one day with lunch before 13:00 (needs four
    /// slots); 2: two days, the slots split between them.
    fn new(n: usize, kind: usize) -> Layout {
        let dates = ["2020-01-01", "2020-01-02"];
        let split = if kind == 2 && n >= 2 {
            n.div_ceil(2)
        } else {
            n
        };
        let mut slots = Vec::new();
        let mut days = Vec::new();
        for (d, count) in [split, n - split].into_iter().enumerate() {
            if count == 0 {
                continue;
            }
            let breaks = if kind == 1 && count == 4 {
                vec![Break {
                    name: "Lunch".into(),
                    start: "12:00".into(),
                    end: "13:00".into(),
                }]
            } else {
                Vec::new()
            };
            // Without lunch, four slots are 09:00-12:00 (no break).
            let times: Vec<usize> = if breaks.is_empty() && count == 4 {
                vec![0, 1, 2, 3]
            } else {
                (0..count).collect()
            };
            let text: Vec<String> = times
                .iter()
                .map(|&i| {
                    if breaks.is_empty() && i == 3 {
                        "12:00".to_string()
                    } else {
                        TIMES[i].to_string()
                    }
                })
                .collect();
            slots.extend(times.iter().map(|&i| (d, i)));
            days.push(Day {
                date: dates[d].into(),
                slots: text,
                breaks,
            });
        }
        Layout { slots, days }
    }

    /// The reference users write for slot `s`.
    fn sref(&self, s: usize) -> String {
        let (d, _) = self.slots[s];
        let day = &self.days[d];
        let i = self.slots[..s].iter().filter(|x| x.0 == d).count();
        if self.days.len() == 1 {
            day.slots[i].clone()
        } else {
            format!("{} {}", day.date, day.slots[i])
        }
    }

    /// A reference to a slot or, rarely with two days, a whole day.
    fn some_ref(&self, dice: &mut Dice) -> String {
        if self.days.len() > 1 && dice.chance(0.15) {
            self.days[dice.below(self.days.len())].date.clone()
        } else {
            self.sref(dice.below(self.slots.len()))
        }
    }
}

/// A tiny problem from a seed.
pub fn problem(seed: u64, size: TinySize) -> ProblemFile {
    let mut dice = Dice(ChaCha8Rng::seed_from_u64(seed));
    let rare = size.rare;
    let n_slots = if dice.chance(0.25) {
        1 + dice.below(2)
    } else {
        3 + dice.below(2)
    };
    let lay = Layout::new(n_slots, dice.below(3));
    let n_rooms = 1 + dice.below(size.rooms.max(1));
    let most = size.talks.min(n_slots * n_rooms).max(1);
    let n_talks = most.div_ceil(2) + dice.below(most - most.div_ceil(2) + 1);
    let each = rare / 3.0;

    let mut rooms: Vec<Room> = (0..n_rooms)
        .map(|i| tiny_room(i, &mut dice, &lay, each))
        .collect();
    let mut talks: Vec<Talk> = (0..n_talks)
        .map(|i| tiny_talk(i, &mut dice, &lay, n_rooms, each))
        .collect();
    // A feature some talk needs must be some room's.
    if talks.iter().any(|t| !t.needs.is_empty()) && rooms.iter().all(|r| r.features.is_empty()) {
        rooms[n_rooms - 1].features = vec!["lab".into()];
    }
    let walks = walks(&mut dice, &rooms);
    let sequences = sequences(&mut dice, &mut talks, rare);
    links(&mut dice, &mut talks, &lay, each);
    let speakers = speakers(&mut dice, &talks, &lay, rare);
    let tracks = tracks(&mut dice, &talks, &lay, n_rooms, rare);
    let conflicts = conflicts(&mut dice, &talks, rare);
    let objective = objective(&mut dice);
    let attendees = attendees(&mut dice, &talks);
    if !attendees.is_empty() && dice.chance(0.5) {
        // Some audiences follow from the wishes.
        for t in &mut talks {
            if dice.chance(0.4) {
                t.audience = None;
            }
        }
    }
    let interest = (!attendees.is_empty() && dice.chance(0.3)).then(|| Interest {
        file: None,
        turnout: Some(dice.pick(&[0.5, 1.0, 2.5])),
    });
    ProblemFile {
        event: Event {
            name: format!("tiny {seed}"),
            timezone: None,
            slot_minutes: 50,
            language: dice.chance(0.1).then(|| "ko".to_string()),
        },
        days: lay.days,
        rooms,
        walks,
        talks,
        speakers,
        sequences,
        tracks,
        conflicts,
        objective,
        interest,
        attendees,
    }
}

/// Index, dice, layout and unavailability chance in; a drawn room out.
fn tiny_room(i: usize, dice: &mut Dice, lay: &Layout, each: f64) -> Room {
    Room {
        id: format!("R{i}"),
        capacity: dice.pick(&[10, 20, 30, 50]),
        building: dice
            .chance(0.5)
            .then(|| BUILDINGS[dice.below(2)].to_string()),
        features: if dice.chance(0.3) {
            vec!["lab".into()]
        } else {
            Vec::new()
        },
        unavailable: if dice.chance(each) {
            vec![lay.some_ref(dice)]
        } else {
            Vec::new()
        },
        ..Room::default()
    }
}

/// Dice and rooms in; when both buildings are used, most of the time a walk between them out.
fn walks(dice: &mut Dice, rooms: &[Room]) -> Vec<Walk> {
    let used = |b: &str| rooms.iter().any(|r| r.building.as_deref() == Some(b));
    if used("X") && used("Y") && dice.chance(0.7) {
        vec![Walk {
            between: ["X".into(), "Y".into()],
            minutes: dice.pick(&[0, 10, 20, 100]),
        }]
    } else {
        Vec::new()
    }
}

/// Dice, talks, layout and `rare` in; now and then a speaker with drawn slot wishes out.
fn speakers(dice: &mut Dice, talks: &[Talk], lay: &Layout, rare: f64) -> Vec<Speaker> {
    let mut speakers = Vec::new();
    for name in SPEAKERS {
        if talks.iter().any(|t| t.speakers.iter().any(|s| s == name)) && dice.chance(rare) {
            let refs = |dice: &mut Dice| {
                if dice.chance(0.5) {
                    vec![lay.some_ref(dice)]
                } else {
                    Vec::new()
                }
            };
            speakers.push(Speaker {
                name: name.into(),
                unavailable: refs(dice),
                prefer: refs(dice),
                avoid: refs(dice),
            });
        }
    }
    speakers
}

/// Dice in; three times in ten an `[objective]` with drawn weights out.
fn objective(dice: &mut Dice) -> Option<Objective> {
    dice.chance(0.3).then(|| Objective {
        empty_seats: Some(dice.below(3) as u64),
        track_clash: Some(dice.pick(&[0, 1, 10, 100])),
        track_rooms: Some(dice.pick(&[0, 1, 7, 100])),
        track_gaps: Some(dice.pick(&[0, 1, 30])),
        preferences: Some(dice.pick(&[0, 1, 50])),
        conflicts: Some(dice.pick(&[0, 1, 3])),
        attendee_missed: Some(dice.pick(&[0, 1, 10, 100])),
    })
}

/// Half the time, up to five attendees who each want two to four talks
/// (now and then the same list as the one before, to be merged).
fn attendees(dice: &mut Dice, talks: &[Talk]) -> Vec<Attendee> {
    let mut out: Vec<Attendee> = Vec::new();
    if talks.len() < 2 || !dice.chance(0.5) {
        return out;
    }
    for i in 0..1 + dice.below(5) {
        let wants = match out.last() {
            Some(last) if dice.chance(0.3) => last.wants.clone(),
            _ => {
                let mut pool: Vec<&str> = talks.iter().map(|t| t.id.as_str()).collect();
                let n = (2 + dice.below(3)).min(pool.len());
                (0..n)
                    .map(|_| pool.remove(dice.below(pool.len())).to_string())
                    .collect()
            }
        };
        out.push(Attendee {
            id: format!("a{i}"),
            wants,
        });
    }
    out
}

/// Talks' `after` (now and then a cycle), `plenary`, `prefer` and `avoid`.
fn links(dice: &mut Dice, talks: &mut [Talk], lay: &Layout, each: f64) {
    let n = talks.len();
    for i in 0..n {
        if n > 1 && dice.chance(each) {
            // Mostly an earlier talk, so cycles are rare.
            let j = if i > 0 && dice.chance(0.9) {
                dice.below(i)
            } else {
                (i + 1 + dice.below(n - 1)) % n
            };
            talks[i].after = vec![talks[j].id.clone()];
        }
        talks[i].plenary = dice.chance(each / 2.0);
        if dice.chance(each) {
            talks[i].prefer = (0..1 + dice.below(2)).map(|_| lay.some_ref(dice)).collect();
        }
        if dice.chance(each) {
            talks[i].avoid = vec![lay.some_ref(dice)];
        }
    }
}

/// `[[tracks]]` for some of the tracks talks name (and now and then one
/// no talk names).
fn tracks(dice: &mut Dice, talks: &[Talk], lay: &Layout, n_rooms: usize, rare: f64) -> Vec<Track> {
    let mut out = Vec::new();
    for (k, id) in TRACKS.iter().enumerate() {
        let members: Vec<&Talk> = talks
            .iter()
            .filter(|t| t.track.as_deref() == Some(*id))
            .collect();
        if members.is_empty() || !dice.chance(0.5) {
            continue;
        }
        let rooms = |dice: &mut Dice| {
            dice.subset(n_rooms)
                .into_iter()
                .map(|r| format!("R{r}"))
                .collect::<Vec<_>>()
        };
        let mut order = Vec::new();
        if members.len() >= 2 && dice.chance(rare) {
            let mut pool: Vec<&str> = members.iter().map(|t| t.id.as_str()).collect();
            for _ in 0..2 + usize::from(pool.len() >= 3 && dice.chance(0.3)) {
                order.push(pool.remove(dice.below(pool.len())).to_string());
            }
        }
        out.push(Track {
            id: (*id).to_string(),
            name: dice
                .chance(0.5)
                .then(|| ["Machine learning", "Databases"][k].to_string()),
            rooms: if dice.chance(rare * 2.0) {
                rooms(dice)
            } else {
                Vec::new()
            },
            only_rooms: dice.chance(rare / 2.0).then(|| rooms(dice)),
            prefer: if dice.chance(rare) {
                vec![lay.some_ref(dice)]
            } else {
                Vec::new()
            },
            avoid: if dice.chance(rare) {
                vec![lay.some_ref(dice)]
            } else {
                Vec::new()
            },
            order,
        });
    }
    out
}

/// Up to two conflict groups of talks and tracks, hard or weighted.
fn conflicts(dice: &mut Dice, talks: &[Talk], rare: f64) -> Vec<Conflict> {
    let mut out = Vec::new();
    while out.len() < 2 && talks.len() >= 2 && dice.chance(rare) {
        let mut group = Conflict::default();
        let named: Vec<&str> = TRACKS
            .iter()
            .copied()
            .filter(|k| talks.iter().any(|t| t.track.as_deref() == Some(*k)))
            .collect();
        if !named.is_empty() && dice.chance(0.3) {
            group.tracks = vec![dice.pick(&named).to_string()];
        }
        let members = |g: &Conflict| {
            talks
                .iter()
                .filter(|t| {
                    g.talks.contains(&t.id)
                        || t.track.as_ref().is_some_and(|k| g.tracks.contains(k))
                })
                .count()
        };
        while members(&group) < 2 || (group.talks.len() < 3 && dice.chance(0.3)) {
            let t = &talks[dice.below(talks.len())].id;
            if !group.talks.contains(t) {
                group.talks.push(t.clone());
            }
        }
        if dice.chance(0.4) {
            group.hard = true;
        } else {
            group.weight = Some(dice.pick(&[1, 5, 50]));
        }
        out.push(group);
    }
    out
}

fn tiny_talk(i: usize, dice: &mut Dice, lay: &Layout, n_rooms: usize, each: f64) -> Talk {
    let overflow = dice.chance(each);
    let audience = if dice.chance(0.75) {
        dice.below(21)
    } else {
        dice.below(51)
    };
    #[allow(clippy::cast_possible_truncation)] // at most 120
    let audience = if overflow {
        audience * 2 + 20
    } else {
        audience
    } as u32;
    let speakers: Vec<String> = match dice.below(6) {
        0 | 1 => Vec::new(),
        2..=4 => vec![SPEAKERS[dice.below(3)].to_string()],
        _ => {
            let a = dice.below(3);
            vec![SPEAKERS[a].to_string(), SPEAKERS[(a + 1) % 3].to_string()]
        }
    };
    let mut fixed = Fixed::default();
    if dice.chance(each) {
        fixed.slot = Some(lay.sref(dice.below(lay.slots.len())));
    }
    if dice.chance(each / 2.0) {
        fixed.room = Some(format!("R{}", dice.below(n_rooms)));
    }
    Talk {
        id: format!("t{i}"),
        speakers,
        audience: Some(audience),
        parts: if dice.chance(0.25) { 2 } else { 1 },
        track: dice.chance(0.5).then(|| TRACKS[dice.below(2)].to_string()),
        needs: if dice.chance(each) {
            vec!["lab".into()]
        } else {
            Vec::new()
        },
        overflow,
        fixed: (fixed != Fixed::default()).then_some(fixed),
        only: dice.chance(each).then(|| {
            dice.subset(lay.slots.len())
                .into_iter()
                .map(|s| lay.sref(s))
                .collect()
        }),
        unavailable: if dice.chance(each) {
            vec![lay.some_ref(dice)]
        } else {
            Vec::new()
        },
        ..Talk::default()
    }
}

/// Up to two disjoint sequences of two or three talks (any talks: overflow
/// and multi-part ones too).
fn sequences(dice: &mut Dice, talks: &mut [Talk], rare: f64) -> Vec<Sequence> {
    let mut free: Vec<usize> = (0..talks.len()).collect();
    let mut out = Vec::new();
    while out.len() < 2 && free.len() >= 2 && dice.chance(rare) {
        let len = if free.len() >= 3 && dice.chance(0.3) {
            3
        } else {
            2
        };
        let mut members = Vec::new();
        for _ in 0..len {
            members.push(free.remove(dice.below(free.len())));
        }
        out.push(Sequence {
            talks: members.iter().map(|&t| talks[t].id.clone()).collect(),
        });
    }
    out
}

/// A re-plan of a tiny problem: a baseline timetable (JSON) that places
/// some of its talks anywhere (valid or not), now and then a talk the
/// problem does not have (withdrawn), a room or a time it does not have;
/// the `[replan]` costs (now and then the weighted mode); and now and then
/// a moment to freeze before.
#[derive(Clone, Debug, PartialEq)]
pub struct TinyReplan {
    /// The baseline's JSON text.
    pub baseline: String,
    /// The `[replan]` table to append to the problem, if any.
    pub replan: Option<String>,
    /// `--freeze-before`, if any.
    pub freeze: Option<String>,
}

/// The re-plan of seed `seed` for `file` (the tiny problem of that seed).
pub fn replan(seed: u64, file: &ProblemFile) -> TinyReplan {
    let mut dice = Dice(ChaCha8Rng::seed_from_u64(seed ^ 0x5EED_BA5E));
    let slots: Vec<(String, String)> = file
        .days
        .iter()
        .flat_map(|d| d.slots.iter().map(|s| (d.date.clone(), s.clone())))
        .collect();
    let rooms: Vec<String> = file.rooms.iter().map(|r| r.id.clone()).collect();
    let mut entries = Vec::new();
    let entry = |dice: &mut Dice, talk: &str| {
        let (day, start) = if dice.chance(0.05) {
            (file.days[0].date.clone(), "08:00".to_string())
        } else {
            slots[dice.below(slots.len())].clone()
        };
        let mut placed: Vec<String> = vec![if dice.chance(0.05) {
            "R9".to_string()
        } else {
            rooms[dice.below(rooms.len())].clone()
        }];
        for r in &rooms {
            if !placed.contains(r) && dice.chance(0.15) {
                placed.push(r.clone());
            }
        }
        serde_json::json!({
            "talk": talk, "day": day, "start": start,
            "room": placed[0], "rooms": placed,
        })
    };
    for t in &file.talks {
        if dice.chance(0.8) {
            entries.push(entry(&mut dice, &t.id));
        }
    }
    if dice.chance(0.2) {
        entries.push(entry(&mut dice, "withdrawn"));
    }
    let baseline = serde_json::json!({ "assignments": entries }).to_string();
    let replan = dice.chance(0.5).then(|| {
        let mut t = format!(
            "\n[replan]\nroom_change = {}\ntime_change = {}\ntime_change_per_hour = {}\n\
             time_change_cap = {}\nday_change = {}\n",
            dice.pick(&[0, 1, 10]),
            dice.pick(&[1, 20]),
            dice.pick(&[0, 7, 10]),
            dice.pick(&[5, 40]),
            dice.pick(&[3, 50]),
        );
        if dice.chance(0.3) {
            t.push_str(&format!("weight = {}\n", dice.pick(&[1, 100])));
        }
        t
    });
    let freeze = dice.chance(0.15).then(|| {
        let (day, start) = &slots[dice.below(slots.len())];
        format!("{day} {start}")
    });
    TinyReplan {
        baseline,
        replan,
        freeze,
    }
}
