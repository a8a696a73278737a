//! Deadline warnings (DESIGN.md §7), computed at read time on the Asia/Shanghai date.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::lifecycle::State;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Warning {
    /// 正常
    None,
    /// 黄色预警: the deadline is within the warning window
    Yellow,
    /// 红色预警: the deadline has passed
    Red,
}

impl Warning {
    pub fn code(self) -> &'static str {
        match self {
            Warning::None => "none",
            Warning::Yellow => "yellow",
            Warning::Red => "red",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Warning::None => "正常",
            Warning::Yellow => "临期",
            Warning::Red => "逾期",
        }
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

/// Today in Asia/Shanghai.
pub fn today_shanghai() -> NaiveDate {
    chrono::Utc::now().with_timezone(&chrono_tz::Asia::Shanghai).date_naive()
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
        for state in State::ALL {
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
