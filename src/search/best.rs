//! The best valid timetable so far and the best proven lower bound, with
//! the checks that keep both honest.
//!
//! In: candidate timetables from every stage, and proven bounds. Out: the
//! best timetable (verified, by rank: the objective, or in a
//! lexicographic re-plan the change cost and then the objective), the best
//! bounds, and an internal error whenever a candidate breaks a rule or a
//! bound lies above a verified timetable.
//!
//! Bounds: `bound` holds for the objective of every timetable;
//! `changes_bound` for the change cost of every timetable (a re-plan);
//! `bound_at_fewest` only for the objective of timetables with no more
//! changes than `changes_bound` (the second model of a re-plan).

use super::{Internal, SolveError, Stage, Stats, trace};
use crate::problem::Problem;
use crate::timetable::{Placement, Status, Timetable, verify};

/// The incumbent and the bound.
#[derive(Debug, Default)]
pub struct Best {
    best: Option<Timetable>,
    bound: Option<u64>,
    changes_bound: Option<u64>,
    bound_at_fewest: Option<u64>,
}

impl Best {
    /// Keeps a timetable if `verify` accepts it and it is better than the
    /// best so far (or as good and proven optimal); returns whether it was
    /// kept. A timetable `verify` refuses is an internal error in debug
    /// builds (and tests); release builds trace it and count it in
    /// `stats.rejected`, and keep searching.
    pub fn offer(
        &mut self,
        p: &Problem,
        placements: Vec<Placement>,
        status: Status,
        stage: Stage,
        stats: &mut Stats,
    ) -> Result<bool, SolveError> {
        let mut placements = placements;
        // An overflow talk's extra rooms are a set: in the problem's order,
        // whichever stage found them (the output is the same either way).
        for pl in &mut placements {
            if let Some(extra) = pl.rooms.get_mut(1..) {
                extra.sort_unstable();
            }
        }
        let violations = verify(p, &placements);
        if !violations.is_empty() {
            stats.rejected += 1;
            trace(&format!(
                "{}: a timetable broke {} rule(s) and was dropped, first: {:?}",
                stage.name(),
                violations.len(),
                violations[0]
            ));
            if cfg!(debug_assertions) {
                return Err(Internal::InvalidTimetable { stage, violations }.into());
            }
            return Ok(false);
        }
        let tt = Timetable::new(p, status, placements);
        self.check(&tt)?;
        let better = self.best.as_ref().is_none_or(|b| {
            tt.score.rank() < b.score.rank()
                || (tt.score.rank() == b.score.rank()
                    && tt.status == Status::Optimal
                    && b.status != Status::Optimal)
        });
        if better {
            self.best = Some(tt);
        }
        Ok(better)
    }

    /// An internal error when a verified timetable lies below a proven
    /// bound.
    fn check(&self, tt: &Timetable) -> Result<(), SolveError> {
        let s = &tt.score;
        let below = |bound: Option<u64>, value: u64| bound.filter(|&b| value < b);
        let at_fewest = self
            .bound_at_fewest
            .filter(|_| self.changes_bound.is_some_and(|c| s.changes <= c));
        let broken = below(self.changes_bound, s.changes)
            .map(|b| (b, s.changes))
            .or_else(|| below(self.bound, s.objective).map(|b| (b, s.objective)))
            .or_else(|| below(at_fewest, s.objective).map(|b| (b, s.objective)));
        match broken {
            Some((bound, objective)) => {
                Err(Internal::BoundAboveTimetable { bound, objective }.into())
            }
            None => Ok(()),
        }
    }

    /// Raises the proven lower bound on every timetable's objective; a
    /// bound above the best verified timetable is an internal error.
    pub fn raise_bound(&mut self, bound: u64) -> Result<(), SolveError> {
        self.bound = Some(self.bound.map_or(bound, |b| b.max(bound)));
        self.check_best()
    }

    /// Raises the proven lower bound on every timetable's change cost (a
    /// re-plan). The objective bound of the fewest changes so far no longer
    /// says anything when the fewest changes turn out to be more.
    pub fn raise_changes_bound(&mut self, bound: u64) -> Result<(), SolveError> {
        if self.changes_bound.is_some_and(|c| c < bound) {
            self.bound_at_fewest = None;
        }
        self.changes_bound = Some(self.changes_bound.map_or(bound, |c| c.max(bound)));
        self.check_best()
    }

    /// Raises the proven lower bound on the objective of the timetables
    /// with no more changes than `changes` (the second model of a
    /// re-plan); kept only when `changes` is the proven fewest.
    pub fn raise_bound_at_fewest(&mut self, changes: u64, bound: u64) -> Result<(), SolveError> {
        if self.changes_bound == Some(changes) {
            self.bound_at_fewest = Some(self.bound_at_fewest.map_or(bound, |b| b.max(bound)));
        }
        self.check_best()
    }

    fn check_best(&self) -> Result<(), SolveError> {
        self.best.as_ref().map_or(Ok(()), |tt| self.check(tt))
    }

    /// The objective of the best timetable.
    pub fn objective(&self) -> Option<u64> {
        self.best.as_ref().map(|t| t.score.objective)
    }

    /// The rank of the best timetable (see `Score::rank`).
    pub fn rank(&self) -> Option<(u64, u64)> {
        self.best.as_ref().map(|t| t.score.rank())
    }

    /// The best proven lower bound on the best timetable's objective:
    /// with the proven fewest changes, the bound among those too.
    pub fn bound(&self) -> Option<u64> {
        let at_fewest = self.bound_at_fewest.filter(|_| self.changes_proven());
        match (self.bound, at_fewest) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        }
    }

    /// The proven lower bound on the change cost (a re-plan).
    pub fn changes_bound(&self) -> Option<u64> {
        self.changes_bound
    }

    /// Whether the best timetable has the fewest changes, proven (always,
    /// when changes do not come first).
    pub fn changes_proven(&self) -> bool {
        match &self.best {
            Some(tt) if tt.score.changes_first => self.changes_bound == Some(tt.score.changes),
            Some(_) => true,
            None => false,
        }
    }

    /// The best timetable's placements.
    pub fn placements(&self) -> Option<Vec<Placement>> {
        self.best.as_ref().map(|t| t.placements.clone())
    }

    /// The best timetable.
    pub fn timetable(&self) -> Option<&Timetable> {
        self.best.as_ref()
    }

    /// Whether the best timetable meets the bounds (then it is optimal).
    pub fn proven(&self) -> bool {
        self.changes_proven()
            && matches!((self.objective(), self.bound()), (Some(o), Some(b)) if o <= b)
    }

    /// The best timetable, marked optimal if proven, with the largest room
    /// of each overflow talk as its main room where nothing (neither a rule
    /// nor the score) depends on it.
    pub fn into_timetable(self, p: &Problem) -> Option<Timetable> {
        let proven = self.proven();
        let mut tt = self.best?;
        if proven {
            tt.status = Status::Optimal;
        }
        let mut placements = tt.placements.clone();
        crate::model::prefer_largest_main_room(p, &mut placements);
        let moved = Timetable::new(p, tt.status, placements);
        if moved.score == tt.score && verify(p, &moved.placements).is_empty() {
            tt = moved;
        }
        Some(tt)
    }
}
