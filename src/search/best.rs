//! The best valid timetable so far and the best proven lower bound, with
//! the checks that keep both honest.
//!
//! In: candidate timetables from every stage, and proven bounds. Out: the
//! best timetable (verified, by objective), the best bound, and an internal
//! error whenever a candidate breaks a rule or a bound lies above a
//! verified timetable.

use super::{Internal, SolveError, Stage, Stats, trace};
use crate::problem::Problem;
use crate::timetable::{Placement, Status, Timetable, verify};

/// The incumbent and the bound.
#[derive(Debug, Default)]
pub struct Best {
    best: Option<Timetable>,
    bound: Option<u64>,
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
        let violations = verify(p, &placements);
        if !violations.is_empty() {
            stats.rejected += 1;
            trace(&format!(
                "{}: a timetable broke {} rule(s) and was dropped",
                stage.name(),
                violations.len()
            ));
            if cfg!(debug_assertions) {
                return Err(Internal::InvalidTimetable { stage, violations }.into());
            }
            return Ok(false);
        }
        let tt = Timetable::new(p, status, placements);
        if let Some(bound) = self.bound
            && tt.score.objective < bound
        {
            return Err(Internal::BoundAboveTimetable {
                bound,
                objective: tt.score.objective,
            }
            .into());
        }
        let better = self.best.as_ref().is_none_or(|b| {
            tt.score.objective < b.score.objective
                || (tt.score.objective == b.score.objective
                    && tt.status == Status::Optimal
                    && b.status != Status::Optimal)
        });
        if better {
            self.best = Some(tt);
        }
        Ok(better)
    }

    /// Raises the proven lower bound; a bound above the best verified
    /// timetable is an internal error.
    pub fn raise_bound(&mut self, bound: u64) -> Result<(), SolveError> {
        if let Some(objective) = self.objective()
            && bound > objective
        {
            return Err(Internal::BoundAboveTimetable { bound, objective }.into());
        }
        self.bound = Some(self.bound.map_or(bound, |b| b.max(bound)));
        Ok(())
    }

    /// The objective of the best timetable.
    pub fn objective(&self) -> Option<u64> {
        self.best.as_ref().map(|t| t.score.objective)
    }

    /// The best proven lower bound.
    pub fn bound(&self) -> Option<u64> {
        self.bound
    }

    /// The best timetable's placements.
    pub fn placements(&self) -> Option<Vec<Placement>> {
        self.best.as_ref().map(|t| t.placements.clone())
    }

    /// The best timetable.
    pub fn timetable(&self) -> Option<&Timetable> {
        self.best.as_ref()
    }

    /// Whether the best timetable meets the bound (then it is optimal).
    pub fn proven(&self) -> bool {
        matches!((self.objective(), self.bound), (Some(o), Some(b)) if o <= b)
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
