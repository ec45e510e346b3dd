//! Seeded generator of realistic problem files with a planted valid
//! timetable, for benchmarks and property tests.
//!
//! In: [`GenParams`]: sizes (talks, rooms, slots, days), shares of two-part
//! workshops and of overflow talks, how many sequences and how long, tracks
//! (declared in `[[tracks]]`, with home rooms, slot wishes, some with
//! `only_rooms` and an `order`), plenaries, `after` links, conflict groups,
//! talks' and speakers' slot wishes, buildings, whether to restrict talks,
//! speakers and rooms, the objective's weights and a seed. Out: [`Generated`]: the problem file (TOML, written
//! by serde through [`file::ProblemFile`]) and the timetable planted in it
//! (the JSON of `--format json`, written by `timetable::json` once
//! `timetable::verify` has passed it), or a sentence saying why the
//! parameters cannot give one. No parameter makes it panic.
//!
//! The timetable is planted first and the problem derived from it, so the
//! plant proves the problem feasible. The steps, one file each:
//!
//! 1. `layout`: days (dates by jiff), hourly slots, lunch breaks;
//! 2. `plant`: rooms (seats, features, buildings, walks, closed slots and
//!    days) and the grid: overflow talks streamed to extra rooms, two-part
//!    workshops in labs, single talks in the rest, audiences that fit;
//! 3. `people`: speakers (never in two places, with time to walk), tracks
//!    (a room tends to keep its track; one track, of three or more, never
//!    runs two talks at once), sequences (chains of back-to-back talks in
//!    one main room, with workshops and overflow talks in them), titles;
//! 4. `restrict`: features talks need, unavailability (single slots and
//!    whole days), `only` and `fixed`, `after`, tracks' `only_rooms` and
//!    `order`, hard conflict groups, all kept by the plant; then the soft
//!    wishes (tracks' rooms and slots, talks' and speakers' `prefer` and
//!    `avoid`, weighted conflict groups of talks and of tracks), which the
//!    plant may or may not meet;
//! 5. `write`: the [`file::ProblemFile`], its TOML, and the planted JSON
//!    through `problem::parse`, so its figures are exactly `score`'s.
//!
//! The same parameters give the same bytes: the random numbers come from a
//! seeded ChaCha8 and nothing iterates a hash map.

pub mod file;
pub mod tiny;

mod interest;
mod layout;
mod people;
mod plant;
mod restrict;
mod write;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// What to generate. Build with [`GenParams::new`] and adjust fields.
#[derive(Clone, Debug, PartialEq)]
pub struct GenParams {
    /// Number of talks (ignored when `fill` is set).
    pub talks: usize,
    /// Number of rooms.
    pub rooms: usize,
    /// Number of slots, over all days.
    pub slots: usize,
    /// Number of days the slots are spread over (at most 14 slots a day).
    pub days: usize,
    /// Share of talks that are two-part lab workshops (`parts = 2`, `needs =
    /// ["lab"]`); lowered when the lab rooms or the grid cannot hold that
    /// many.
    pub workshop_share: f64,
    /// Share of talks streamed to extra rooms (`overflow = true`): each is
    /// planted in a main room and one or two extra rooms of one slot, with a
    /// larger audience than its main room seats. Rounded up (a positive
    /// share gives at least one) and lowered when the grid is full.
    pub overflow: f64,
    /// Seed of the ChaCha8 generator.
    pub seed: u64,
    /// Number of `[[sequences]]` to declare, if the plant has enough chains
    /// of back-to-back talks in one main room.
    pub sequences: usize,
    /// Most talks in one sequence (at least 2 when `sequences > 0`): each
    /// sequence has from 2 to this many.
    pub sequence_length: usize,
    /// Number of tracks "Track 1".."Track N" (0: no talk has a track).
    pub tracks: usize,
    /// Add the hard restrictions around the plant: speaker, talk and room
    /// unavailability (single slots, and whole days on multi-day events),
    /// `only` and `fixed` (slot, room, both), plenaries, `after`, tracks'
    /// `only_rooms` and `order`, and hard conflict groups. The soft wishes
    /// come regardless.
    pub unavailability: bool,
    /// Number of buildings (0: rooms have no building).
    pub buildings: usize,
    /// When set, the share of the room-slots the plant occupies: the number
    /// of talks becomes `fill x rooms x slots / (1 + workshop_share)` and
    /// `talks` is ignored.
    pub fill: Option<f64>,
    /// `[objective]` weights `(empty_seats, track_clash)`, each at most
    /// [`MAX_WEIGHT`]; `None` draws them from the seed ((1, 100), the
    /// defaults, half the time).
    pub weights: Option<(u64, u64)>,
    /// Plenaries (keynotes with nothing in parallel), planted in the days'
    /// first slots, then their last, while the spare room-slots allow
    /// (with unavailability on).
    pub plenaries: usize,
    /// Share of talks with an `after` (a talk planted before them).
    pub after_share: f64,
    /// Share of tracks with an `order` of two to four of their talks.
    pub order_share: f64,
    /// Share of tracks whose talks keep to their home rooms, declared as
    /// `only_rooms`.
    pub only_rooms_share: f64,
    /// Number of `[[conflicts]]` groups: in turn hard groups of talks
    /// planted apart (with unavailability on), weighted groups of talks,
    /// weighted pairs of tracks; and the track that never runs two talks
    /// at once as a hard group of its own.
    pub conflicts: usize,
    /// Share of talks with their own `prefer` or `avoid` (half as many
    /// speakers get some).
    pub preference_share: f64,
    /// Attendees with wish lists (0: none): a favourites CSV (see
    /// `interest.rs`) that `[interest] file` names, and the
    /// `attendee_missed` weight written out.
    pub attendees: usize,
    /// The favourites CSV's name as `[interest] file` writes it (relative
    /// to the problem file).
    pub favourites_file: String,
}

impl GenParams {
    /// Defaults: up to 8 slots a day, 10% workshops, 2% overflow talks, a
    /// sequence of two or three talks per 50 talks, a track per two rooms,
    /// unavailability on, two buildings from 4 rooms, weights drawn, a
    /// plenary a day, 5% of talks with an `after`, half the tracks with
    /// an `order` and a third with `only_rooms`, a conflict group per 40
    /// talks, preferences on a fifth of the talks.
    pub fn new(talks: usize, rooms: usize, slots: usize, seed: u64) -> Self {
        GenParams {
            talks,
            rooms,
            slots,
            days: if slots <= 8 { 1 } else { slots.div_ceil(8) },
            workshop_share: 0.10,
            overflow: 0.02,
            seed,
            sequences: talks.div_ceil(50),
            sequence_length: 3,
            tracks: (rooms / 2).max(1),
            unavailability: true,
            buildings: if rooms >= 4 { 2 } else { 1 },
            fill: None,
            weights: None,
            plenaries: if slots <= 8 { 1 } else { slots.div_ceil(8) },
            after_share: 0.05,
            order_share: 0.5,
            only_rooms_share: 0.34,
            conflicts: talks.div_ceil(40),
            preference_share: 0.2,
            attendees: 0,
            favourites_file: "favourites.csv".into(),
        }
    }
}

/// A generated problem and the timetable planted in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Generated {
    /// The problem file (TOML).
    pub toml: String,
    /// A valid timetable for it (the timetable JSON, status "feasible",
    /// figures under the problem's own weights).
    pub planted_json: String,
    /// The favourites CSV, when attendees were asked for.
    pub favourites_csv: Option<String>,
}

/// Most talks a generated problem may have.
pub const MAX_TALKS: usize = 100_000;
/// Most rooms.
pub const MAX_ROOMS: usize = 2_000;
/// Most days.
pub const MAX_DAYS: usize = 366;
/// Most room-slots (rooms x slots).
pub const MAX_CELLS: usize = 1_000_000;
/// Most attendees: their favourites (about 120 bytes each) stay within
/// the limit on the size of a file `confsched` reads (4 MiB).
pub const MAX_ATTENDEES: usize = 30_000;
/// Largest objective weight.
pub const MAX_WEIGHT: u64 = 1_000_000;

/// Generates a problem with a planted valid timetable, or says why the
/// parameters cannot hold one.
pub fn generate(p: &GenParams) -> Result<Generated, String> {
    let sizes = Sizes::of(p)?;
    let lay = layout::Layout::new(p.slots, p.days)?;
    let mut dice = Dice(ChaCha8Rng::seed_from_u64(p.seed));
    let mut plant = plant::plant(&mut dice, p, &sizes, lay)?;
    people::speakers(&mut dice, &mut plant);
    people::tracks(&mut dice, p, &mut plant);
    people::sequences(&mut dice, p, &mut plant);
    people::titles(&mut dice, &mut plant);
    restrict::needs(&mut dice, &mut plant);
    if p.unavailability {
        restrict::speakers(&mut dice, &mut plant);
        restrict::talks(&mut dice, &mut plant);
        restrict::links(&mut dice, p, &mut plant);
    }
    restrict::wishes(&mut dice, p, &mut plant);
    // Drawn last, so giving the weights changes nothing else.
    let drawn = dice.pick(&WEIGHTS).unwrap_or((1, 100));
    let weights = p.weights.unwrap_or(drawn);
    let favourites_csv = (p.attendees > 0).then(|| {
        interest::favourites(&plant.talks, p.tracks, p.attendees, p.seed, |t| {
            plant.talk_id(t)
        })
    });
    let file = write::problem_file(&plant, p, weights);
    let header = format!(
        "Generated by confsched::generate: {} talks, {} rooms, {} slots, {} day(s), seed {}.\n\
         A valid timetable is planted in it, so it is feasible.",
        plant.talks.len(),
        p.rooms,
        p.slots,
        p.days,
        p.seed
    );
    let toml = file.to_toml(&header);
    let planted_json = write::planted_json(&plant, &toml, p, favourites_csv.as_deref())?;
    Ok(Generated {
        toml,
        planted_json,
        favourites_csv,
    })
}

/// The weights drawn when none are given: the defaults half the time.
const WEIGHTS: [(u64, u64); 6] = [(1, 100), (1, 100), (1, 100), (1, 50), (2, 100), (1, 200)];

/// The checked sizes of one problem.
struct Sizes {
    /// Talks in all.
    talks: usize,
    /// Two-part workshops wanted among them.
    workshops: usize,
    /// Overflow talks wanted among them.
    overflow: usize,
}

impl Sizes {
    /// Checks every parameter (before anything is allocated).
    fn of(p: &GenParams) -> Result<Sizes, String> {
        if p.rooms == 0 || p.slots == 0 {
            return Err("a problem needs at least one room and one slot".into());
        }
        for (name, n, most) in [
            ("talks", p.talks, MAX_TALKS),
            ("rooms", p.rooms, MAX_ROOMS),
            ("days", p.days, MAX_DAYS),
        ] {
            if n > most {
                return Err(format!("at most {most} {name}, not {n}"));
            }
        }
        let cells = p
            .rooms
            .checked_mul(p.slots)
            .filter(|&c| c <= MAX_CELLS)
            .ok_or_else(|| {
                format!(
                    "{} rooms x {} slots is more than {MAX_CELLS} room-slots",
                    p.rooms, p.slots
                )
            })?;
        for (name, share) in [
            ("workshop_share", p.workshop_share),
            ("overflow", p.overflow),
            ("after_share", p.after_share),
            ("order_share", p.order_share),
            ("only_rooms_share", p.only_rooms_share),
            ("preference_share", p.preference_share),
        ] {
            if !(0.0..=1.0).contains(&share) {
                return Err(format!("{name} must be in [0, 1], not {share}"));
            }
        }
        if p.attendees > MAX_ATTENDEES {
            return Err(format!(
                "at most {MAX_ATTENDEES} attendees, not {}",
                p.attendees
            ));
        }
        if p.attendees > 0 && (p.favourites_file.is_empty() || p.favourites_file.contains('\n')) {
            return Err("the favourites file needs a name on one line".into());
        }
        if p.sequences > 0 && p.sequence_length < 2 {
            return Err(format!(
                "a sequence has at least 2 talks; sequence_length is {}",
                p.sequence_length
            ));
        }
        if let Some((e, t)) = p.weights
            && e.max(t) > MAX_WEIGHT
        {
            return Err(format!(
                "weights must be at most {MAX_WEIGHT}, not ({e}, {t})"
            ));
        }
        let n = match p.fill {
            None => p.talks,
            Some(f) if f > 0.0 && f <= 1.0 => {
                share(f / (1.0 + p.workshop_share), cells, f64::floor)
            }
            Some(f) => return Err(format!("fill must be in (0, 1], not {f}")),
        };
        if n == 0 {
            return Err("a problem needs at least one talk".into());
        }
        if n > cells {
            return Err(format!(
                "{n} talks need at least {n} room-slots, but {} rooms x {} slots give only {cells}",
                p.rooms, p.slots
            ));
        }
        let workshops = share(p.workshop_share, n, f64::round);
        Ok(Sizes {
            talks: n,
            workshops,
            overflow: share(p.overflow, n, f64::ceil).min(n - workshops),
        })
    }
}

/// `x` (in [0, 1]) of `n`, rounded by `round` (`f64::floor`, `round` or
/// `ceil`).
fn share(x: f64, n: usize, round: fn(f64) -> f64) -> usize {
    // n is at most MAX_CELLS, so the f64 holds it exactly.
    #[allow(clippy::cast_precision_loss)]
    let v = round(x.clamp(0.0, 1.0) * n as f64);
    // v is in [0, n]: no sign is lost and nothing is cut off.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let k = v as usize;
    k.min(n)
}

/// The seeded random source; integers are drawn as u64 so 32- and 64-bit
/// machines agree.
struct Dice(ChaCha8Rng);

impl Dice {
    /// A number in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        match u64::try_from(n) {
            Ok(0) | Err(_) => 0,
            Ok(n) => usize::try_from(self.0.random_range(0..n)).unwrap_or(0),
        }
    }
    /// A number in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        self.0.random()
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
    fn pick<T: Copy>(&mut self, v: &[T]) -> Option<T> {
        (!v.is_empty()).then(|| v[self.below(v.len())])
    }
    /// Up to `k` of `v` in random order, then sorted.
    fn some<T: Ord>(&mut self, mut v: Vec<T>, k: usize) -> Vec<T> {
        self.shuffle(&mut v);
        v.truncate(k);
        v.sort_unstable();
        v
    }
}

#[cfg(test)]
mod tests {
    //! The generator alone, read back from its text. That every plant is
    //! valid (through `problem::parse` and `timetable::verify`) and that
    //! every feature occurs is tested in `tests/cli/generated.rs`.

    use super::*;
    use std::collections::BTreeMap;
    use toml::{Table, Value};

    fn tables<'a>(t: &'a Table, key: &str) -> Vec<&'a Table> {
        t.get(key).map_or(vec![], |v| {
            v.as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_table().unwrap())
                .collect()
        })
    }
    fn strs(v: Option<&Value>) -> Vec<String> {
        v.map_or(vec![], |v| {
            v.as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap().to_string())
                .collect()
        })
    }
    fn sizes(g: &Generated) -> (Table, usize) {
        let t: Table = g.toml.parse().unwrap();
        let slots = tables(&t, "days")
            .iter()
            .map(|d| d["slots"].as_array().unwrap().len())
            .sum();
        (t, slots)
    }

    #[test]
    fn same_params_give_identical_output() {
        let p = GenParams::new(150, 10, 16, 7);
        assert_eq!(generate(&p), generate(&p));
        let other = GenParams {
            seed: 8,
            ..p.clone()
        };
        let (a, b) = (generate(&p).unwrap(), generate(&other).unwrap());
        assert_ne!(a.toml, b.toml);
        assert_ne!(a.planted_json, b.planted_json);
    }

    #[test]
    fn output_is_pinned() {
        // Guards byte-identity across machines and versions: a change here
        // changes every generated benchmark. Last changed when the files
        // came to be written by serde (ProblemFile, timetable::json) and the
        // generator gained overflow talks, longer sequences, room-only
        // `fixed`, whole-day restrictions, `recording` and drawn weights;
        // then `[event] language`, then the timetable JSON's `terms`; then
        // the keys of issue 11 (`[[tracks]]`, `after`, plenaries,
        // preferences, `[[conflicts]]`, the new weights); then the JSON's
        // `terms` gained `attendee_missed` (the TOML is unchanged).
        let g = generate(&GenParams::new(12, 4, 5, 1)).unwrap();
        let hash = |s: &str| {
            s.bytes().fold(0xcbf29ce484222325u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
            })
        };
        assert_eq!(
            (hash(&g.toml), hash(&g.planted_json)),
            (2737018627883614706, 3585687335812022970)
        );
    }

    #[test]
    fn attendees_are_opt_in_skewed_and_clustered_by_track() {
        let base = GenParams::new(150, 10, 16, 3);
        let plain = generate(&base).unwrap();
        assert!(plain.favourites_csv.is_none());
        let with = generate(&GenParams {
            attendees: 1000,
            ..base.clone()
        })
        .unwrap();
        // Only `[interest]` and the weight are added to the problem.
        let added: Vec<&str> = with
            .toml
            .lines()
            .filter(|l| !plain.toml.lines().any(|m| m == *l))
            .collect();
        assert_eq!(
            added,
            [
                "attendee_missed = 10",
                "[interest]",
                "file = \"favourites.csv\""
            ]
        );
        let csv = with.favourites_csv.unwrap();
        let rows: Vec<(&str, &str)> = csv
            .lines()
            .skip(1)
            .map(|l| l.split_once(',').unwrap())
            .collect();
        let mut per_attendee: BTreeMap<&str, usize> = BTreeMap::new();
        let mut per_talk: BTreeMap<&str, usize> = BTreeMap::new();
        for (a, t) in &rows {
            *per_attendee.entry(a).or_default() += 1;
            *per_talk.entry(t).or_default() += 1;
        }
        assert_eq!(per_attendee.len(), 1000);
        assert!(per_attendee.values().all(|&n| (5..=12).contains(&n)));
        // Skewed: the most wanted talk is wanted far more than the median.
        let mut counts: Vec<usize> = per_talk.values().copied().collect();
        counts.sort_unstable();
        assert!(
            counts[counts.len() - 1] > 5 * counts[counts.len() / 2],
            "{counts:?}"
        );
        // Clustered: on average, most of an attendee's wishes are in the
        // track they want most (over 5 equally likely tracks, about 40%).
        let p = crate::problem::parse("plain.toml", &plain.toml).unwrap();
        let track_of: BTreeMap<&str, Option<usize>> = p
            .talks
            .iter()
            .map(|t| (t.id.as_str(), t.track.map(|k| k.index())))
            .collect();
        let mut by_attendee: BTreeMap<&str, BTreeMap<usize, usize>> = BTreeMap::new();
        for (a, t) in &rows {
            if let Some(k) = track_of[t] {
                *by_attendee.entry(a).or_default().entry(k).or_default() += 1;
            }
        }
        #[allow(clippy::cast_precision_loss)] // small counts
        let share: f64 = by_attendee
            .values()
            .map(|m| {
                let most = m.values().max().copied().unwrap_or(0) as f64;
                most / m.values().sum::<usize>() as f64
            })
            .sum::<f64>()
            / by_attendee.len() as f64;
        assert!(share > 0.5, "{share}");
        // The same parameters give the same file.
        let again = generate(&GenParams {
            attendees: 1000,
            ..base
        })
        .unwrap();
        assert_eq!(again.favourites_csv.as_deref(), Some(csv.as_str()));
    }

    #[test]
    fn the_most_attendees_stay_within_the_file_size_limit() {
        let g = generate(&GenParams {
            attendees: MAX_ATTENDEES,
            ..GenParams::new(12_000, 400, 40, 1)
        })
        .unwrap();
        let csv = g.favourites_csv.unwrap();
        assert!(
            csv.len() as u64 <= crate::problem::MAX_FILE_BYTES,
            "{}",
            csv.len()
        );
        assert!(
            generate(&GenParams {
                attendees: MAX_ATTENDEES + 1,
                ..GenParams::new(12, 4, 5, 1)
            })
            .is_err()
        );
    }

    #[test]
    fn the_named_sizes_have_their_sizes() {
        for (talks, rooms, slots) in [
            (38, 6, 7),
            (150, 10, 16),
            (400, 12, 42),
            (600, 25, 30),
            (1000, 35, 36),
        ] {
            let p = GenParams::new(talks, rooms, slots, 2030);
            let (t, n) = sizes(&generate(&p).unwrap());
            assert_eq!(
                (tables(&t, "talks").len(), tables(&t, "rooms").len(), n),
                (talks, rooms, slots)
            );
            assert_eq!(tables(&t, "days").len(), p.days);
            let workshops = tables(&t, "talks")
                .iter()
                .filter(|x| x.contains_key("parts"))
                .count();
            assert!(
                workshops > 0 && workshops <= talks / 10 + 1,
                "{workshops} workshops"
            );
            let overflow = tables(&t, "talks")
                .iter()
                .filter(|x| x.contains_key("overflow"))
                .count();
            assert_eq!(overflow, talks.div_ceil(50), "{talks} talks");
            assert_eq!(tables(&t, "sequences").len(), p.sequences);
            assert!(!tables(&t, "speakers").is_empty() && !tables(&t, "walks").is_empty());
        }
    }

    #[test]
    fn speakers_mostly_give_one_talk() {
        let g = generate(&GenParams::new(600, 25, 30, 3)).unwrap();
        let t: Table = g.toml.parse().unwrap();
        let mut count: BTreeMap<String, usize> = BTreeMap::new();
        for talk in tables(&t, "talks") {
            for s in strs(talk.get("speakers")) {
                *count.entry(s).or_default() += 1;
            }
        }
        let multi = count.values().filter(|&&c| c > 1).count();
        assert!(
            (count.len() * 8 / 100..count.len() / 4).contains(&multi),
            "{multi} of {}",
            count.len()
        );
        assert!(count.values().all(|&c| c <= 3));
    }

    #[test]
    fn fill_sets_the_number_of_talks() {
        let p = GenParams {
            fill: Some(0.9),
            ..GenParams::new(0, 10, 16, 5)
        };
        let talks = tables(&generate(&p).unwrap().toml.parse().unwrap(), "talks").len();
        assert_eq!(talks, 130); // 0.9 x 160 / 1.1, rounded down
    }

    #[test]
    fn given_weights_are_written_and_change_nothing_else() {
        let p = GenParams::new(40, 5, 8, 11);
        let given = GenParams {
            weights: Some((3, 70)),
            ..p.clone()
        };
        let (a, b) = (generate(&p).unwrap(), generate(&given).unwrap());
        let t: Table = b.toml.parse().unwrap();
        assert_eq!(t["objective"]["empty_seats"].as_integer(), Some(3));
        assert_eq!(t["objective"]["track_clash"].as_integer(), Some(70));
        let without = |s: &str| s.split("[objective]").next().unwrap().to_string();
        assert_eq!(without(&a.toml), without(&b.toml));
    }

    #[test]
    fn only_keys_of_the_spec_are_used() {
        let g = generate(&GenParams::new(400, 12, 42, 9)).unwrap();
        let t: Table = g.toml.parse().unwrap();
        let allowed: [(&str, &str); 10] = [
            ("event", "name timezone slot_minutes language"),
            ("days", "date slots breaks"),
            ("rooms", "id name capacity building features unavailable"),
            ("walks", "between minutes"),
            (
                "talks",
                "id title speakers audience parts track needs overflow fixed only unavailable \
                 after plenary prefer avoid",
            ),
            ("speakers", "name unavailable prefer avoid"),
            ("sequences", "talks"),
            ("tracks", "id name rooms only_rooms prefer avoid order"),
            ("conflicts", "talks tracks hard weight"),
            (
                "objective",
                "empty_seats track_clash track_rooms track_gaps preferences conflicts",
            ),
        ];
        for (key, value) in &t {
            let keys = allowed.iter().find(|a| a.0 == key).expect(key).1;
            let items = match value {
                Value::Array(a) => a.iter().map(|x| x.as_table().unwrap()).collect(),
                v => vec![v.as_table().unwrap()],
            };
            for k in items.iter().flat_map(|i| i.keys()) {
                assert!(keys.split(' ').any(|x| x == k), "{key}.{k}");
            }
        }
    }

    #[test]
    fn impossible_parameters_are_errors() {
        let base = GenParams::new(10, 2, 20, 1);
        let cases = [
            (GenParams::new(100, 2, 3, 1), "100 talks"),
            (GenParams::new(0, 2, 3, 1), "at least one talk"),
            (GenParams::new(3, 0, 3, 1), "at least one room"),
            (
                GenParams {
                    days: 1,
                    ..base.clone()
                },
                "at most 14 fit",
            ),
            (
                GenParams {
                    days: 0,
                    ..base.clone()
                },
                "over 0 days",
            ),
            (
                GenParams {
                    days: 21,
                    ..base.clone()
                },
                "over 21 days",
            ),
            (GenParams::new(10, usize::MAX, 3, 1), "at most 2000 rooms"),
            (GenParams::new(10, 1000, 2000, 1), "room-slots"),
            (GenParams::new(usize::MAX, 1, 1, 1), "at most 100000 talks"),
            (
                GenParams {
                    days: usize::MAX,
                    ..base.clone()
                },
                "at most 366 days",
            ),
            (
                GenParams {
                    overflow: f64::NAN,
                    ..base.clone()
                },
                "overflow must",
            ),
            (
                GenParams {
                    workshop_share: 1.5,
                    ..base.clone()
                },
                "workshop_share must",
            ),
            (
                GenParams {
                    fill: Some(0.0),
                    ..base.clone()
                },
                "fill must",
            ),
            (
                GenParams {
                    sequence_length: 1,
                    ..base.clone()
                },
                "at least 2 talks",
            ),
            (
                GenParams {
                    weights: Some((1, u64::MAX)),
                    ..base.clone()
                },
                "weights",
            ),
        ];
        for (p, says) in cases {
            let e = generate(&p).unwrap_err();
            assert!(e.contains(says), "{p:?}: {e}");
        }
        let none = GenParams {
            sequences: 0,
            sequence_length: 0,
            ..base
        };
        assert!(generate(&none).is_ok());
    }
}
