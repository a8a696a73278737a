//! Supervision rules: who may chase (催办) and who may ask for or decide a deadline extension.

use chrono::NaiveDate;

use super::lifecycle::{Caller, Facts, State};

crate::coded_enum! {
    /// Where a deadline extension request stands.
    pub enum ExtensionStatus("extension status") {
        /// 待审批
        Pending = ("pending", "待审批"),
        /// 已同意
        Approved = ("approved", "已同意"),
        /// 不同意 (or lapsed when the problem moved on)
        Refused = ("refused", "不同意"),
    }
}

crate::coded_enum! {
    /// What a notification is about.
    pub enum NotificationKind("notification kind") {
        Assigned = ("assigned", "新交办"),
        Returned = ("returned", "被退回"),
        Rejected = ("rejected", "核查不通过"),
        Urged = ("urged", "催办"),
        ExtensionRequested = ("extension_requested", "延期申请"),
        ExtensionDecided = ("extension_decided", "延期审批"),
        DeadlineYellow = ("deadline_yellow", "即将到期"),
        DeadlineRed = ("deadline_red", "已逾期"),
        /// A unit submitted its rectification: the office and the group's leads verify it.
        Submitted = ("submitted", "待核查"),
        /// The problem was closed as rectified.
        Closed = ("closed", "已销号"),
        /// A closed problem was reopened for rectification.
        Reopened = ("reopened", "重新整改"),
        /// The leaders' daily list of problems past their deadline.
        RedDigest = ("red_digest", "逾期日报"),
        Supplemented = ("supplemented", "补充材料"),
        InstalmentMissed = ("instalment_missed", "分期逾期未还"),
        /// A unit filed a milestone submission: the office reviews it.
        MilestoneSubmitted = ("milestone_submitted", "节点报送"),
        /// The office returned or accepted a unit's milestone submission.
        MilestoneReviewed = ("milestone_reviewed", "报送审核"),
        /// A milestone is due and the unit has not submitted.
        MilestoneDue = ("milestone_due", "节点报送提醒"),
    }
}

impl NotificationKind {
    /// The alerts the periodic scan sends: at most one a day per recipient, problem and kind,
    /// however often the scan runs. Notices of what a person did are always sent.
    pub fn once_a_day(self) -> bool {
        matches!(self, Self::DeadlineYellow | Self::DeadlineRed | Self::RedDigest | Self::InstalmentMissed)
    }
}

fn in_progress(state: State) -> bool {
    matches!(state, State::Assigned | State::Rectifying)
}

/// The office, or the lead of the problem's group, may chase a problem being handled.
pub fn may_urge<G: PartialEq, U: PartialEq>(c: &Caller<G, U>, f: &Facts<G, U>) -> bool {
    in_progress(f.state) && (c.office || c.leads(&f.group))
}

/// Why an extension request cannot be made now; `None` when it can.
pub fn extension_refusal<G: PartialEq, U: PartialEq>(
    c: &Caller<G, U>,
    f: &Facts<G, U>,
    today: NaiveDate,
) -> Option<&'static str> {
    if !c.is_responsible(f) {
        return Some("forbidden");
    }
    if !in_progress(f.state) {
        return Some("只有交办或整改中的问题可以申请延期");
    }
    if f.pending_extension {
        return Some("已有一项延期申请待审批");
    }
    match f.deadline {
        None => Some("该问题没有整改时限"),
        Some(d) if d < today => Some("整改时限已过, 不能再申请延期"),
        Some(_) => None,
    }
}

pub fn may_request_extension<G: PartialEq, U: PartialEq>(c: &Caller<G, U>, f: &Facts<G, U>, today: NaiveDate) -> bool {
    extension_refusal(c, f, today).is_none()
}

/// The office or the group's lead decides a pending request.
pub fn may_decide_extension<G: PartialEq, U: PartialEq>(c: &Caller<G, U>, f: &Facts<G, U>) -> bool {
    f.pending_extension && in_progress(f.state) && (c.office || c.leads(&f.group))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(state: State, deadline: &str, pending: bool) -> Facts<u8, u8> {
        Facts {
            state,
            group: 1,
            responsible_unit: Some(10),
            cooperating_units: vec![11],
            reporting_unit: 12,
            closure_kind: None,
            deadline: Some(deadline.parse().unwrap()),
            pending_extension: pending,
        }
    }

    fn callers() -> [(&'static str, Caller<u8, u8>); 5] {
        [
            ("office", Caller { office: true, lead_groups: vec![], unit: None }),
            ("lead", Caller { office: false, lead_groups: vec![1], unit: None }),
            ("other lead", Caller { office: false, lead_groups: vec![2], unit: None }),
            ("responsible", Caller { office: false, lead_groups: vec![], unit: Some(10) }),
            ("cooperating", Caller { office: false, lead_groups: vec![], unit: Some(11) }),
        ]
    }

    #[test]
    fn every_state_and_caller() {
        let today: NaiveDate = "2024-07-10".parse().unwrap();
        for state in State::ALL.iter().copied() {
            let open = matches!(state, State::Assigned | State::Rectifying);
            for (who, c) in callers() {
                let supervisor = who == "office" || who == "lead";
                assert_eq!(
                    may_urge(&c, &facts(state, "2024-07-20", false)),
                    open && supervisor,
                    "urge {who} {state:?}"
                );
                assert_eq!(
                    may_request_extension(&c, &facts(state, "2024-07-20", false), today),
                    open && who == "responsible",
                    "request {who} {state:?}"
                );
                assert_eq!(
                    may_decide_extension(&c, &facts(state, "2024-07-20", true)),
                    open && supervisor,
                    "decide {who} {state:?}"
                );
                assert!(!may_decide_extension(&c, &facts(state, "2024-07-20", false)), "nothing to decide");
            }
        }
    }

    #[test]
    fn one_request_at_a_time_and_never_after_the_deadline() {
        let today: NaiveDate = "2024-07-10".parse().unwrap();
        let unit = Caller { office: false, lead_groups: vec![], unit: Some(10u8) };
        assert_eq!(
            extension_refusal(&unit, &facts(State::Rectifying, "2024-07-20", true), today),
            Some("已有一项延期申请待审批")
        );
        assert_eq!(
            extension_refusal(&unit, &facts(State::Rectifying, "2024-07-09", false), today),
            Some("整改时限已过, 不能再申请延期")
        );
        assert_eq!(
            extension_refusal(&unit, &facts(State::Rectifying, "2024-07-10", false), today),
            None,
            "due today is not past"
        );
    }
}
