//! Deadline warnings, computed at read time on the Asia/Shanghai date.

use chrono::NaiveDate;

use super::lifecycle::State;

crate::coded_enum! {
    /// A deadline warning.
    pub enum Warning("deadline warning") {
        /// 正常
        None = ("none", "正常"),
        /// 黄色预警: the deadline is within the warning window
        Yellow = ("yellow", "临期"),
        /// 红色预警: the deadline has passed
        Red = ("red", "逾期"),
    }
}

/// Red when the deadline has passed, yellow within `window_days` of it, while the problem is
/// neither reported complete nor closed.
pub fn warning(state: State, deadline: Option<NaiveDate>, today: NaiveDate, window_days: i64) -> Warning {
    match deadline {
        Some(d) if state.is_open_for_deadline() => {
            if d < today {
                Warning::Red
            } else if (d - today).num_days() <= window_days {
                Warning::Yellow
            } else {
                Warning::None
            }
        }
        _ => Warning::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn every_state_and_boundary() {
        let today = d("2024-07-10");
        for state in State::ALL.iter().copied() {
            let open = state.is_open_for_deadline();
            let w = |deadline: &str| warning(state, Some(d(deadline)), today, 3);
            assert_eq!(w("2024-07-09"), if open { Warning::Red } else { Warning::None }, "{state:?}");
            assert_eq!(w("2024-07-10"), if open { Warning::Yellow } else { Warning::None }, "due today");
            assert_eq!(w("2024-07-13"), if open { Warning::Yellow } else { Warning::None }, "3 days left");
            assert_eq!(w("2024-07-14"), Warning::None, "4 days left");
            assert_eq!(warning(state, None, today, 3), Warning::None);
        }
        assert_eq!(warning(State::Rectifying, Some(d("2024-07-10")), today, 0), Warning::Yellow);
        assert_eq!(warning(State::Rectifying, Some(d("2024-07-11")), today, 0), Warning::None);
    }
}
