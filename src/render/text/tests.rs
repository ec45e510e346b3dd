use textwrap::core::display_width;

use super::*;
use crate::render::tests::{dlcat, meetup};

fn lines_at_most(out: &str, width: usize) {
    for line in out.lines() {
        assert!(
            display_width(line) <= width,
            "{} > {width}: {line}\n{out}",
            display_width(line)
        );
    }
}

#[test]
fn no_line_is_wider_than_the_width_given() {
    for (p, tt) in [dlcat(), meetup()] {
        for width in (MIN_WIDTH..=220).step_by(7).chain([80, 120, 200]) {
            lines_at_most(&render(&p, &tt, Some(width)), width);
        }
        // Narrower than the minimum is drawn at the minimum.
        assert_eq!(render(&p, &tt, Some(3)), render(&p, &tt, Some(MIN_WIDTH)));
    }
}

#[test]
fn the_reference_grid_fits_80_columns_as_two_tables_and_200_as_one() {
    let (p, tt) = dlcat();
    let natural = render(&p, &tt, None);
    assert_eq!(render(&p, &tt, Some(200)), natural);
    let widest = natural.lines().map(display_width).max().unwrap_or(0);
    assert!(widest <= 200 && widest > 120, "{widest}");
    let at80 = render(&p, &tt, Some(80));
    assert_eq!(at80.matches("│ Time ").count(), 2, "{at80}");
    assert!(at80.contains("A · UST 강당 (300)") && at80.contains("F · ETRI"));
    let at120 = render(&p, &tt, Some(120));
    assert_eq!(at120.matches("│ Time ").count(), 1, "{at120}");
}

#[test]
fn korean_words_are_never_split_when_they_fit() {
    let (p, tt) = dlcat();
    for width in [None, Some(80), Some(120)] {
        let out = render(&p, &tt, width);
        for word in ["오디오", "서비스상용화의", "튜닝은", "하이퍼파라미터"] {
            assert!(out.contains(word), "{word} split at {width:?}:\n{out}");
        }
    }
    // Wider than a 15-column cell: broken inside, at whole characters.
    assert!(render(&p, &tt, None).contains("(실습)딥러닝으로"));
    assert!(render(&p, &tt, Some(120)).contains("│ (실습)딥러닝으  │"));
}

#[test]
fn headers_and_streamed_rooms_use_one_label() {
    let (p, tt) = dlcat();
    assert_eq!(room_label(&p, RoomId::at(0)), "A · UST 강당");
    let closing = tt
        .placements
        .iter()
        .find(|x| x.rooms.len() > 1)
        .expect("the overflow talk");
    let text = talk_text(&p, closing, closing.rooms[1]);
    assert!(text.ends_with("\n(streamed from A · UST 강당)"), "{text}");
    let out = render(&p, &tt, Some(200));
    assert!(out.contains("│ A · UST 강당 (300) "), "{out}");
    // An id that is the name (ignoring case) is not repeated.
    let (p, _) = meetup();
    assert_eq!(room_label(&p, RoomId::at(0)), "hall · Main Hall");
    let mut p = p;
    p.rooms[0].name = "HALL".into();
    assert_eq!(room_label(&p, RoomId::at(0)), "HALL");
}

#[test]
fn border_lines_carry_no_text_and_spans_meet_them_from_the_side() {
    let (p, tt) = dlcat();
    let out = render(&p, &tt, None);
    for line in out.lines().filter(|l| l.starts_with(['┌', '├', '└'])) {
        assert!(
            line.chars().all(|c| "─│┌┐└┘├┤┬┴┼ ".contains(c)),
            "text on a border: {line}"
        );
    }
    // A workshop spanning 10:00 and 11:00: the border under its first
    // row is open, with ┤ and ├ on either side.
    let borders: Vec<&str> = out.lines().filter(|l| l.starts_with('├')).collect();
    assert!(
        borders.iter().any(|l| l.contains("┤ ") && l.contains(" ├")),
        "{out}"
    );
    assert!(
        !borders.iter().any(|l| l.contains("┼ ") || l.contains(" ┼")),
        "{out}"
    );
    // The lunch row spans every column: ┴ above it, ┬ below it.
    let lunch = out
        .lines()
        .position(|l| l.contains("Lunch"))
        .expect("lunch");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[lunch - 1].contains('┴') && !lines[lunch - 1].contains('┼'));
    assert!(lines[lunch + 1].contains('┬') && !lines[lunch + 1].contains('┼'));
}

#[test]
fn every_day_has_the_same_columns() {
    let (p, tt) = meetup();
    for width in [None, Some(80), Some(60)] {
        let out = render(&p, &tt, width);
        let tops: Vec<&str> = out.lines().filter(|l| l.starts_with('┌')).collect();
        assert_eq!(tops.len() % 2, 0);
        let half = tops.len() / 2;
        assert_eq!(tops[..half], tops[half..], "{out}");
    }
}

#[test]
fn shrinking_takes_from_the_widest_columns_first() {
    assert_eq!(shrink(&[22, 10, 22], 60, MIN_CELL), [22, 10, 22]);
    assert_eq!(shrink(&[22, 10, 22], 50, MIN_CELL), [20, 10, 20]);
    assert_eq!(shrink(&[22, 10, 22], 41, MIN_CELL), [16, 10, 15]);
    assert_eq!(shrink(&[22, 22], 10, MIN_CELL), [14, 14]);
    assert_eq!(balanced(6, 2), [vec![0, 1, 2], vec![3, 4, 5]]);
    assert_eq!(balanced(5, 2), [vec![0, 1, 2], vec![3, 4]]);
}

#[test]
fn speaker_list_is_one_line_per_talk_in_time_order() {
    let (p, tt) = dlcat();
    let s = p
        .speaker_ids()
        .find(|&s| p.speaker(s).name == "대전AI거버넌스")
        .expect("speaker");
    let out = speaker_list(&p, &tt, s, None);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert_eq!(
        lines[0],
        "2nd DLCAT (함께하는 딥러닝 컨퍼런스) — 대전AI거버넌스"
    );
    let mut sorted = lines[1..].to_vec();
    sorted.sort_unstable();
    assert_eq!(sorted, lines[1..], "in time order");
    for line in &lines[1..] {
        assert!(line.starts_with("2019-07-04 1"), "{line}");
        assert!(line.contains("F · ETRI"), "{line}");
    }
    lines_at_most(&speaker_list(&p, &tt, s, Some(40)), 40);
}
