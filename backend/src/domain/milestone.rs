//! Milestone submissions (节点报送, #20): what each expected unit files for a campaign milestone
//! (a 自查清单, 整改措施, 书面反馈 or 总结报告), how the office reviews it, where each unit stands
//! on the milestone board, and when the unit is reminded.

use chrono::NaiveDate;

use super::campaign::{CampaignState, Deliverable};

crate::coded_enum! {
    /// Who a milestone asks to submit: each work group's lead unit (the plan's 「各工作组牵头单位」),
    /// or its member units as well.
    pub enum Submitters("milestone submitters") {
        GroupLeads = ("group_leads", "各工作组牵头单位"),
        MemberUnits = ("member_units", "各工作组牵头单位和成员单位"),
    }
}

crate::coded_enum! {
    /// A filed submission as the office reviews it.
    pub enum SubmissionStatus("submission status") {
        /// 已报送: waiting for the office.
        Submitted = ("submitted", "已报送"),
        /// 已退回: the office asked for another; the unit files again.
        Returned = ("returned", "已退回"),
        /// 已通过: done.
        Accepted = ("accepted", "已通过"),
    }
}

crate::coded_enum! {
    /// Where an expected unit stands on the milestone board (its latest submission).
    pub enum BoardStatus("milestone board status") {
        Missing = ("missing", "未报送"),
        Submitted = ("submitted", "已报送"),
        /// Filed after the due date, waiting for the office.
        Late = ("late", "逾期报送"),
        Returned = ("returned", "已退回"),
        Accepted = ("accepted", "已通过"),
    }
}

crate::coded_enum! {
    /// The two reminders a unit that has not submitted gets: some days before, and on the day.
    pub enum ReminderKind("milestone reminder") {
        Ahead = ("ahead", "提前提醒"),
        DueDay = ("due_day", "到期提醒"),
    }
}

/// One expected submission: a unit reporting for a work group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot<G, U> {
    pub group: G,
    pub unit: U,
}

/// A work group as the board needs it.
#[derive(Debug, Clone)]
pub struct GroupUnits<G, U> {
    pub group: G,
    pub lead_unit: U,
    pub member_units: Vec<U>,
}

/// The units a milestone expects a submission from, group by group (a member unit that is also
/// the lead of the same group is asked once).
pub fn expected<G: Clone, U: Clone + PartialEq>(who: Submitters, groups: &[GroupUnits<G, U>]) -> Vec<Slot<G, U>> {
    let mut out = Vec::new();
    for g in groups {
        out.push(Slot { group: g.group.clone(), unit: g.lead_unit.clone() });
        if who == Submitters::MemberUnits {
            for u in g.member_units.iter().filter(|u| **u != g.lead_unit) {
                out.push(Slot { group: g.group.clone(), unit: u.clone() });
            }
        }
    }
    out
}

/// Whether a user of `unit` may file for `slot`: a lead unit's submission is filed by a user
/// of that unit who leads the group (any of them); a member unit's by a user of that unit holding
/// the `unit` role (or leading the group).
pub fn may_submit_for<G: PartialEq, U: PartialEq>(
    slot: &Slot<G, U>,
    lead_unit: &U,
    unit: &U,
    lead_groups: &[G],
    unit_role: bool,
) -> bool {
    if slot.unit != *unit {
        return false;
    }
    let leads = lead_groups.contains(&slot.group);
    if slot.unit == *lead_unit { leads } else { leads || unit_role }
}

/// Filed after the day it was due (dates in Asia/Shanghai).
pub fn is_late(due_on: NaiveDate, filed_on: NaiveDate) -> bool {
    filed_on > due_on
}

/// The board's status of a unit from its latest submission (`status`, `late`), if any.
pub fn board_status(latest: Option<(SubmissionStatus, bool)>) -> BoardStatus {
    match latest {
        None => BoardStatus::Missing,
        Some((SubmissionStatus::Submitted, false)) => BoardStatus::Submitted,
        Some((SubmissionStatus::Submitted, true)) => BoardStatus::Late,
        Some((SubmissionStatus::Returned, _)) => BoardStatus::Returned,
        Some((SubmissionStatus::Accepted, _)) => BoardStatus::Accepted,
    }
}

/// Why the unit may not file now, given the campaign's state and its latest submission (409);
/// `None` when it may. A returned submission is filed again.
pub fn submission_refusal(campaign: CampaignState, latest: Option<SubmissionStatus>) -> Option<&'static str> {
    match (campaign, latest) {
        (CampaignState::Draft, _) => Some("专项行动尚未开启, 不能报送"),
        (CampaignState::Closed, _) => Some("专项行动已结束, 不能报送"),
        (CampaignState::Open, Some(SubmissionStatus::Submitted)) => {
            Some("已报送, 等待区营商办审核; 退回后才能重新报送")
        }
        (CampaignState::Open, Some(SubmissionStatus::Accepted)) => Some("报送已通过审核, 不能重复报送"),
        (CampaignState::Open, None | Some(SubmissionStatus::Returned)) => None,
    }
}

/// What is wrong with the content of a submission: the field and why (422). A 零报告 lists no
/// problems; a 自查清单 that is not a 零报告 lists at least one.
pub fn content_refusal(
    deliverable: Deliverable,
    nil_return: bool,
    issue_count: usize,
) -> Option<(&'static str, &'static str)> {
    if nil_return && issue_count > 0 {
        return Some(("issue_ids", "零报告不能列出问题"));
    }
    if deliverable == Deliverable::SelfCheckList && !nil_return && issue_count == 0 {
        return Some(("issue_ids", "自查清单应列出发现的问题; 未发现问题请报送零报告"));
    }
    None
}

/// Why the office may not review it (409), or `None`.
pub fn review_refusal(status: SubmissionStatus) -> Option<&'static str> {
    match status {
        SubmissionStatus::Submitted => None,
        SubmissionStatus::Returned => Some("该报送已退回, 等待单位重新报送"),
        SubmissionStatus::Accepted => Some("该报送已通过审核"),
    }
}

/// The reminder due today for a unit that has not submitted (none or returned): from
/// `days_ahead` days before the due date, then on the day itself. Nothing once it has filed, and
/// nothing after the day (the board shows who is late).
pub fn reminder_due(
    due_on: NaiveDate,
    today: NaiveDate,
    days_ahead: i64,
    latest: Option<SubmissionStatus>,
) -> Option<ReminderKind> {
    if matches!(latest, Some(SubmissionStatus::Submitted | SubmissionStatus::Accepted)) {
        return None;
    }
    if today == due_on {
        Some(ReminderKind::DueDay)
    } else if days_ahead > 0 && today < due_on && today >= due_on - chrono::Duration::days(days_ahead) {
        Some(ReminderKind::Ahead)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn groups() -> Vec<GroupUnits<u8, char>> {
        vec![
            GroupUnits { group: 1, lead_unit: 'a', member_units: vec!['b', 'a', 'c'] },
            GroupUnits { group: 2, lead_unit: 'd', member_units: vec![] },
        ]
    }

    #[test]
    fn lead_units_are_asked_once_per_group_members_when_named() {
        let leads = expected(Submitters::GroupLeads, &groups());
        assert_eq!(leads, vec![Slot { group: 1, unit: 'a' }, Slot { group: 2, unit: 'd' }]);
        let all = expected(Submitters::MemberUnits, &groups());
        let units: Vec<(u8, char)> = all.iter().map(|s| (s.group, s.unit)).collect();
        assert_eq!(units, vec![(1, 'a'), (1, 'b'), (1, 'c'), (2, 'd')]);
    }

    #[test]
    fn a_lead_units_submission_is_filed_by_one_of_its_group_leads() {
        let slot = Slot { group: 1u8, unit: 'a' };
        assert!(may_submit_for(&slot, &'a', &'a', &[1], false));
        assert!(!may_submit_for(&slot, &'a', &'a', &[2], true), "a plain unit user of the lead unit");
        assert!(!may_submit_for(&slot, &'a', &'b', &[1], false), "a lead of the group in another unit");
        let member = Slot { group: 1u8, unit: 'b' };
        assert!(may_submit_for(&member, &'a', &'b', &[], true));
        assert!(may_submit_for(&member, &'a', &'b', &[1], false));
        assert!(!may_submit_for(&member, &'a', &'b', &[], false));
        assert!(!may_submit_for(&member, &'a', &'c', &[], true));
    }

    #[test]
    fn late_is_after_the_due_day() {
        assert!(!is_late(d("2025-04-26"), d("2025-04-26")));
        assert!(!is_late(d("2025-04-26"), d("2025-04-01")));
        assert!(is_late(d("2025-04-26"), d("2025-04-27")));
    }

    #[test]
    fn the_board_shows_the_latest_submission() {
        use SubmissionStatus as S;
        assert_eq!(board_status(None), BoardStatus::Missing);
        assert_eq!(board_status(Some((S::Submitted, false))), BoardStatus::Submitted);
        assert_eq!(board_status(Some((S::Submitted, true))), BoardStatus::Late);
        assert_eq!(board_status(Some((S::Returned, true))), BoardStatus::Returned);
        assert_eq!(board_status(Some((S::Accepted, true))), BoardStatus::Accepted);
        assert_eq!(board_status(Some((S::Accepted, false))), BoardStatus::Accepted);
    }

    #[test]
    fn a_unit_files_while_the_campaign_is_open_and_again_after_a_return() {
        use SubmissionStatus as S;
        for state in CampaignState::ALL.iter().copied() {
            for latest in [None, Some(S::Submitted), Some(S::Returned), Some(S::Accepted)] {
                let allowed = state == CampaignState::Open && matches!(latest, None | Some(S::Returned));
                assert_eq!(submission_refusal(state, latest).is_none(), allowed, "{state} {latest:?}");
            }
        }
    }

    #[test]
    fn a_nil_return_lists_nothing_and_a_list_lists_something() {
        use Deliverable as D;
        assert_eq!(content_refusal(D::SelfCheckList, true, 0), None);
        assert_eq!(content_refusal(D::SelfCheckList, false, 2), None);
        assert_eq!(content_refusal(D::SelfCheckList, true, 1).map(|r| r.0), Some("issue_ids"));
        assert_eq!(content_refusal(D::SelfCheckList, false, 0).map(|r| r.0), Some("issue_ids"));
        for other in [D::Measures, D::Feedback, D::Summary, D::Other] {
            assert_eq!(content_refusal(other, false, 0), None, "{other}");
            assert_eq!(content_refusal(other, false, 3), None, "{other}");
            assert!(content_refusal(other, true, 1).is_some(), "{other}");
        }
    }

    #[test]
    fn only_a_waiting_submission_is_reviewed() {
        for s in SubmissionStatus::ALL.iter().copied() {
            assert_eq!(review_refusal(s).is_none(), s == SubmissionStatus::Submitted, "{s}");
        }
    }

    #[test]
    fn reminders_come_ahead_and_on_the_day_to_those_who_have_not_filed() {
        use SubmissionStatus as S;
        let due = d("2025-04-26");
        assert_eq!(reminder_due(due, d("2025-04-22"), 3, None), None);
        assert_eq!(reminder_due(due, d("2025-04-23"), 3, None), Some(ReminderKind::Ahead));
        assert_eq!(reminder_due(due, d("2025-04-25"), 3, Some(S::Returned)), Some(ReminderKind::Ahead));
        assert_eq!(reminder_due(due, d("2025-04-26"), 3, None), Some(ReminderKind::DueDay));
        assert_eq!(reminder_due(due, d("2025-04-26"), 0, None), Some(ReminderKind::DueDay));
        assert_eq!(reminder_due(due, d("2025-04-25"), 0, None), None);
        assert_eq!(reminder_due(due, d("2025-04-27"), 3, None), None);
        assert_eq!(reminder_due(due, d("2025-04-26"), 3, Some(S::Submitted)), None);
        assert_eq!(reminder_due(due, d("2025-04-24"), 3, Some(S::Accepted)), None);
    }
}
