//! Every bundled problem solves, and its timetable passes `verify`.

use confsched::problem;
use confsched::timetable::{self, Timetable};

use crate::support::{Test, root};

fn bundled() -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(root().join("problems"))
        .expect("problems/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 4,
        "expected the reference and three more problems"
    );
    files
}

#[test]
fn every_bundled_problem_solves_to_a_verified_optimal_timetable() {
    for path in bundled() {
        let t = Test::new();
        let out = t.tmp().join("tt.json");
        t.args(["solve", "--format", "json", "-o"])
            .path(&out)
            .path(&path)
            .run()
            .code(0)
            .stderr_has("optimal:");
        let p = problem::load(&path.to_string_lossy()).expect("problem loads");
        let text = std::fs::read_to_string(&out).expect("timetable written");
        let read = timetable::json::read(&p, "timetable.json", &text).expect("timetable parses");
        assert!(read.issues.is_empty(), "{:?}", read.issues);
        assert_eq!(read.placements.len(), p.talks.len());
        let v = timetable::verify(&p, &read.placements);
        assert!(v.is_empty(), "{}: {v:?}", path.display());
        let tt = Timetable::new(&p, read.status, read.placements.clone());
        assert!(read.check_claims(&tt.score, false).is_empty());
        // And through the CLI.
        Test::new()
            .args(["verify"])
            .path(&path)
            .path(&out)
            .run()
            .code(0)
            .stdout_has("valid:");
    }
}

#[test]
fn the_reference_conference_fills_all_42_room_slots_optimally() {
    let path = root().join("problems/dlcat-2019.toml");
    let p = problem::load(&path.to_string_lossy()).expect("loads");
    assert_eq!((p.rooms.len(), p.slots.len(), p.talks.len()), (6, 7, 31));
    let t = Test::new();
    let run = t
        .args(["solve", "--format", "json"])
        .path(&path)
        .run()
        .code(0);
    let read = timetable::json::read(&p, "timetable.json", &run.stdout).expect("json");
    assert!(timetable::verify(&p, &read.placements).is_empty());
    let used: usize = read
        .placements
        .iter()
        .map(|x| x.rooms.len() * p.talk(x.talk).parts as usize)
        .sum();
    assert_eq!(used, 42, "every room-slot is used");
    assert!(run.stdout.contains("\"status\": \"optimal\""));
    let closing = read
        .placements
        .iter()
        .find(|x| p.talk(x.talk).id == "closing")
        .expect("closing placed");
    assert_eq!(
        closing.rooms.len(),
        5,
        "the closing talk is streamed to five rooms"
    );
    assert_eq!(p.slot_ref(closing.start), "17:00");
}

#[test]
fn the_same_input_twice_gives_byte_identical_output() {
    for path in bundled() {
        for format in ["text", "json"] {
            let a = Test::new()
                .args(["solve", "-q", "--format", format])
                .path(&path)
                .run()
                .code(0);
            let b = Test::new()
                .args(["solve", "-q", "--format", format])
                .path(&path)
                .run()
                .code(0);
            assert_eq!(a.stdout, b.stdout, "{} {format}", path.display());
        }
    }
}
