//! Campaigns (专项行动) as data (#20): a campaign is drafted, opened for registration (at most one
//! at a time), then closed; the permanent 常态化 (standing) campaign receives problems while none
//! is open. Problem numbers come from a counter per campaign: `LY{code}-00001` for a campaign,
//! `LY{code}-{year}-00001` for the standing campaign (a sequence per calendar year).

crate::coded_enum! {
    pub enum CampaignState("campaign state") {
        /// 筹备: being prepared; receives nothing yet.
        Draft = ("draft", "筹备"),
        /// 进行中: new problems join it.
        Open = ("open", "进行中"),
        /// 已结束: its problems stay; nothing new joins it.
        Closed = ("closed", "已结束"),
    }
}

crate::coded_enum! {
    /// What a milestone asks each lead unit to submit.
    pub enum Deliverable("milestone deliverable") {
        SelfCheckList = ("self_check_list", "自查清单"),
        Measures = ("measures", "整改措施"),
        Feedback = ("feedback", "书面反馈"),
        Summary = ("summary", "总结报告"),
        Other = ("other", "其他"),
    }
}

/// The standing campaign's code.
pub const STANDING_CODE: &str = "CT";

/// Why a campaign may not go to `to` from `from` (for the 409), or `None` when it may.
pub fn refuse_move(standing: bool, from: CampaignState, to: CampaignState) -> Option<&'static str> {
    use CampaignState::{Closed, Draft, Open};
    if standing {
        return Some("常态化监测长期有效, 不能开启或结束");
    }
    match (from, to) {
        (Draft, Open) | (Open, Closed) => None,
        (Open, Open) => Some("专项行动已在进行中"),
        (Closed, _) => Some("专项行动已结束, 不能再开启或结束"),
        (Draft, Closed) => Some("专项行动尚未开启, 不能结束"),
        (_, Draft) => Some("专项行动不能回到筹备状态"),
    }
}

/// Whether new problems may name the campaign.
pub fn receives(standing: bool, state: CampaignState) -> bool {
    standing || state == CampaignState::Open
}

/// A campaign code as offices write it: 2 to 12 capital letters, digits or hyphens, starting with
/// a letter or digit (`2025`, `2025A`, `ZD-2025`); `CT` belongs to the standing campaign.
pub fn check_code(code: &str) -> Result<(), &'static str> {
    let ok_len = (2..=12).contains(&code.len());
    let ok_chars = code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-');
    let ok_start = code.bytes().next().is_some_and(|b| b != b'-');
    if !(ok_len && ok_chars && ok_start) || code.ends_with('-') {
        return Err("编号代码应为 2 到 12 位大写字母、数字或连字符, 如 2025");
    }
    if code == STANDING_CODE {
        return Err("CT 为常态化监测专用");
    }
    Ok(())
}

/// The counter a campaign's numbers come from, and the numbers' prefix (`LY2025`, `LYCT-2026`).
pub fn number_series(code: &str, standing: bool, year: i32) -> (String, String) {
    if standing {
        (format!("issue_number:{code}-{year}"), format!("LY{code}-{year}"))
    } else {
        (format!("issue_number:{code}"), format!("LY{code}"))
    }
}

#[cfg(test)]
mod tests {
    use super::{CampaignState::*, *};

    #[test]
    fn a_campaign_is_drafted_opened_and_closed_once() {
        for from in CampaignState::ALL.iter().copied() {
            for to in CampaignState::ALL.iter().copied() {
                let allowed = matches!((from, to), (Draft, Open) | (Open, Closed));
                assert_eq!(refuse_move(false, from, to).is_none(), allowed, "{from} → {to}");
                assert!(refuse_move(true, from, to).is_some(), "the standing campaign never moves");
            }
        }
    }

    #[test]
    fn only_an_open_or_the_standing_campaign_receives() {
        assert!(receives(false, Open));
        assert!(!receives(false, Draft));
        assert!(!receives(false, Closed));
        assert!(receives(true, Open));
    }

    #[test]
    fn codes_are_short_capitals_and_digits() {
        for ok in ["2025", "2025A", "ZD-2025", "AB"] {
            assert_eq!(check_code(ok), Ok(()), "{ok}");
        }
        for bad in ["", "2", "2025a", "-2025", "2025-", "二〇二五", "2025 A", "ABCDEFGHIJKLM", "CT"] {
            assert!(check_code(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn numbers_run_per_campaign_and_per_year_when_standing() {
        assert_eq!(number_series("2025", false, 2026), ("issue_number:2025".into(), "LY2025".into()));
        assert_eq!(number_series("CT", true, 2026), ("issue_number:CT-2026".into(), "LYCT-2026".into()));
    }
}
