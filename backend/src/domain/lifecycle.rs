//! The problem lifecycle 自查 → 交办 → 整改 → 核查 → 销号 (docs/domain.md) as pure functions:
//! (state, action, caller, problem) → next state or a typed refusal.

crate::coded_enum! {
    /// The state of a problem.
    pub enum State("problem state") {
        /// 自查: registered, waiting to be assigned
        SelfCheck = ("self_check", "自查"),
        /// 交办: assigned, waiting for the unit to accept
        Assigned = ("assigned", "交办"),
        /// 整改: accepted, rectification under way
        Rectifying = ("rectifying", "整改"),
        /// 核查: completion reported, waiting for verification
        Verifying = ("verifying", "核查"),
        /// 销号: signed off
        Closed = ("closed", "销号"),
    }
}

impl State {
    /// The states in which the deadline still runs: the work is in the unit's hands (no warning
    /// once completion is reported or the problem is closed). The one definition of it.
    pub const DEADLINE_RUNS: [State; 3] = [State::SelfCheck, State::Assigned, State::Rectifying];

    pub fn is_open_for_deadline(self) -> bool {
        Self::DEADLINE_RUNS.contains(&self)
    }
}

crate::coded_enum! {
    /// A transition.
    pub enum Action("transition action") {
        /// 交办
        Assign = ("assign", "交办"),
        /// 退回
        Return = ("return", "退回"),
        /// 签收整改
        Accept = ("accept", "签收整改"),
        /// 提交核查
        Submit = ("submit", "提交核查"),
        /// 核查通过·销号
        Approve = ("approve", "核查通过·销号"),
        /// 核查不通过
        Reject = ("reject", "核查不通过"),
        /// 重新整改
        Reopen = ("reopen", "重新整改"),
        /// 不予立项
        Dismiss = ("dismiss", "不予立项"),
    }
}

impl Action {
    /// The state table: where the action leads from `from`, if it may be taken there.
    pub fn target(self, from: State) -> Option<State> {
        use Action as A;
        use State as S;
        match (self, from) {
            (A::Assign, S::SelfCheck) => Some(S::Assigned),
            (A::Return, S::Assigned) => Some(S::SelfCheck),
            (A::Accept, S::Assigned) => Some(S::Rectifying),
            (A::Submit, S::Rectifying) => Some(S::Verifying),
            (A::Approve, S::Verifying) => Some(S::Closed),
            (A::Reject, S::Verifying) => Some(S::Rectifying),
            (A::Reopen, S::Closed) => Some(S::Rectifying),
            (A::Dismiss, S::SelfCheck) => Some(S::Closed),
            _ => None,
        }
    }

    /// Whether the action must say why (a comment is required).
    pub fn needs_comment(self) -> bool {
        matches!(
            self,
            Action::Return | Action::Submit | Action::Approve | Action::Reject | Action::Reopen | Action::Dismiss
        )
    }
}

crate::coded_enum! {
    /// A step on a problem's timeline of transitions: its registration, or an [`Action`].
    pub enum Step("timeline step") {
        /// 登记
        Register = ("register", "登记"),
        Assign = ("assign", "交办"),
        Return = ("return", "退回"),
        Accept = ("accept", "签收整改"),
        Submit = ("submit", "提交核查"),
        Approve = ("approve", "核查通过·销号"),
        Reject = ("reject", "核查不通过"),
        Reopen = ("reopen", "重新整改"),
        Dismiss = ("dismiss", "不予立项"),
        /// 迁移导入: a problem brought in from a ledger kept elsewhere, in its state there
        Migrate = ("migrate", "迁移导入"),
    }
}

impl From<Action> for Step {
    fn from(a: Action) -> Self {
        match a {
            Action::Assign => Step::Assign,
            Action::Return => Step::Return,
            Action::Accept => Step::Accept,
            Action::Submit => Step::Submit,
            Action::Approve => Step::Approve,
            Action::Reject => Step::Reject,
            Action::Reopen => Step::Reopen,
            Action::Dismiss => Step::Dismiss,
        }
    }
}

crate::coded_enum! {
    /// How a closed problem was closed.
    pub enum ClosureKind("closure kind") {
        /// 整改销号
        Rectified = ("rectified", "整改销号"),
        /// 重复问题
        Duplicate = ("duplicate", "重复问题"),
        /// 查无实据
        Unfounded = ("unfounded", "查无实据"),
    }
}

/// What the rules need to know of the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller<G, U> {
    /// Holds the `office` role.
    pub office: bool,
    /// Groups for which the caller holds `group_lead`.
    pub lead_groups: Vec<G>,
    /// The caller's unit, when it holds the `unit` role.
    pub unit: Option<U>,
}

/// What the rules need to know of the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts<G, U> {
    pub state: State,
    pub group: G,
    pub responsible_unit: Option<U>,
    pub cooperating_units: Vec<U>,
    pub reporting_unit: U,
    pub closure_kind: Option<ClosureKind>,
    pub deadline: Option<chrono::NaiveDate>,
    /// An extension request awaits a decision.
    pub pending_extension: bool,
}

impl<G: PartialEq, U: PartialEq> Caller<G, U> {
    pub fn leads(&self, g: &G) -> bool {
        self.lead_groups.contains(g)
    }

    pub fn is_responsible(&self, f: &Facts<G, U>) -> bool {
        matches!((&self.unit, &f.responsible_unit), (Some(mine), Some(theirs)) if mine == theirs)
    }

    fn is_cooperating(&self, f: &Facts<G, U>) -> bool {
        self.unit.as_ref().is_some_and(|u| f.cooperating_units.contains(u))
    }

    fn is_reporting(&self, f: &Facts<G, U>) -> bool {
        self.unit.as_ref() == Some(&f.reporting_unit)
    }
}

/// The role table: whether the caller may take `action` on this problem (whatever its state).
pub fn may<G: PartialEq, U: PartialEq>(caller: &Caller<G, U>, action: Action, f: &Facts<G, U>) -> bool {
    use Action as A;
    match action {
        A::Assign | A::Reject => caller.office || caller.leads(&f.group),
        A::Return | A::Accept | A::Submit => caller.is_responsible(f),
        A::Approve | A::Reopen | A::Dismiss => caller.office,
    }
}

/// A preconditions on the problem beyond its state: reopening needs a unit to rectify.
fn facts_allow<G, U>(action: Action, f: &Facts<G, U>) -> bool {
    match action {
        Action::Reopen => f.closure_kind == Some(ClosureKind::Rectified) && f.responsible_unit.is_some(),
        _ => true,
    }
}

/// Why a transition is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The state does not allow it (409); these are the actions the caller may take now.
    WrongState { allowed: Vec<Action> },
    /// The caller's role does not allow it (403).
    Forbidden,
}

/// The transitions this caller may take now.
pub fn allowed_actions<G: PartialEq, U: PartialEq>(caller: &Caller<G, U>, f: &Facts<G, U>) -> Vec<Action> {
    Action::ALL
        .iter()
        .copied()
        .filter(|a| a.target(f.state).is_some() && facts_allow(*a, f) && may(caller, *a, f))
        .collect()
}

/// Decides a transition: the next state, or why not.
pub fn decide<G: PartialEq, U: PartialEq>(
    caller: &Caller<G, U>,
    action: Action,
    f: &Facts<G, U>,
) -> Result<State, Refusal> {
    match action.target(f.state).filter(|_| facts_allow(action, f)) {
        None => Err(Refusal::WrongState { allowed: allowed_actions(caller, f) }),
        Some(_) if !may(caller, action, f) => Err(Refusal::Forbidden),
        Some(next) => Ok(next),
    }
}

/// Progress reports: by the responsible or a cooperating unit, while rectifying.
pub fn may_report_progress<G: PartialEq, U: PartialEq>(caller: &Caller<G, U>, f: &Facts<G, U>) -> bool {
    f.state == State::Rectifying && (caller.is_responsible(f) || caller.is_cooperating(f))
}

/// Fields of a problem that can be edited (PATCH).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Title,
    Description,
    Category,
    ProblemType,
    ArrearObject,
    EnterpriseName,
    EnterpriseUscc,
    EnterpriseContact,
    EnterprisePhone,
    AmountInvolved,
    Measures,
    ResponsibleLeader,
    ResponsiblePerson,
}

impl Field {
    pub const DESCRIPTIVE: [Field; 10] = [
        Field::Title,
        Field::Description,
        Field::Category,
        Field::ProblemType,
        Field::ArrearObject,
        Field::EnterpriseName,
        Field::EnterpriseUscc,
        Field::EnterpriseContact,
        Field::EnterprisePhone,
        Field::AmountInvolved,
    ];
    pub const RECTIFICATION: [Field; 3] = [Field::Measures, Field::ResponsibleLeader, Field::ResponsiblePerson];

    pub fn name(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Description => "description",
            Field::Category => "category",
            Field::ProblemType => "problem_type",
            Field::ArrearObject => "arrear_object",
            Field::EnterpriseName => "enterprise_name",
            Field::EnterpriseUscc => "enterprise_uscc",
            Field::EnterpriseContact => "enterprise_contact",
            Field::EnterprisePhone => "enterprise_phone",
            Field::AmountInvolved => "amount_involved_fen",
            Field::Measures => "measures",
            Field::ResponsibleLeader => "responsible_leader",
            Field::ResponsiblePerson => "responsible_person",
        }
    }
}

/// Who may edit which fields in which state:
/// - nothing once closed;
/// - the office: the description of the problem while it is open (its category, which decides
///   the group, only before assignment);
/// - the group's lead: the same within its groups, without the category;
/// - the reporting unit: the description while the problem is still in self-check;
/// - the responsible unit: its measures and the people responsible while rectifying.
pub fn editable_fields<G: PartialEq, U: PartialEq>(caller: &Caller<G, U>, f: &Facts<G, U>) -> Vec<Field> {
    if f.state == State::Closed {
        return Vec::new();
    }
    let mut out: Vec<Field> = Vec::new();
    let mut add = |fields: &[Field]| {
        for x in fields {
            if !out.contains(x) {
                out.push(*x);
            }
        }
    };
    let descriptive_without_category: Vec<Field> =
        Field::DESCRIPTIVE.into_iter().filter(|x| *x != Field::Category).collect();
    if caller.office {
        if f.state == State::SelfCheck {
            add(&Field::DESCRIPTIVE);
        } else {
            add(&descriptive_without_category);
        }
    }
    if caller.leads(&f.group) {
        add(&descriptive_without_category);
    }
    if f.state == State::SelfCheck && caller.is_reporting(f) {
        add(&Field::DESCRIPTIVE);
    }
    if f.state == State::Rectifying && caller.is_responsible(f) {
        add(&Field::RECTIFICATION);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const G: u8 = 1; // the problem's group
    const OTHER_G: u8 = 2;
    const RESP: u8 = 10; // responsible unit
    const COOP: u8 = 11;
    const REPORTER: u8 = 12;
    const STRANGER: u8 = 13;

    /// Every kind of caller the rules distinguish.
    fn callers() -> Vec<(&'static str, Caller<u8, u8>)> {
        let c = |office, lead: Vec<u8>, unit: Option<u8>| Caller { office, lead_groups: lead, unit };
        vec![
            ("office", c(true, vec![], None)),
            ("group_lead of the group", c(false, vec![G], None)),
            ("group_lead of another group", c(false, vec![OTHER_G], None)),
            ("responsible unit", c(false, vec![], Some(RESP))),
            ("cooperating unit", c(false, vec![], Some(COOP))),
            ("reporting unit", c(false, vec![], Some(REPORTER))),
            ("unrelated unit", c(false, vec![], Some(STRANGER))),
            ("leader/auditor/sysadmin (no business role)", c(false, vec![], None)),
        ]
    }

    fn facts(state: State) -> Facts<u8, u8> {
        let assigned = state != State::SelfCheck;
        Facts {
            state,
            group: G,
            responsible_unit: assigned.then_some(RESP),
            cooperating_units: vec![COOP],
            reporting_unit: REPORTER,
            closure_kind: (state == State::Closed).then_some(ClosureKind::Rectified),
            deadline: None,
            pending_extension: false,
        }
    }

    /// The lifecycle of docs/domain.md, cell by cell: (action, from, to, who may).
    fn expected(action: Action, state: State, who: &str) -> Result<State, &'static str> {
        use Action as A;
        use State as S;
        let to = match (action, state) {
            (A::Assign, S::SelfCheck) => S::Assigned,
            (A::Return, S::Assigned) => S::SelfCheck,
            (A::Accept, S::Assigned) => S::Rectifying,
            (A::Submit, S::Rectifying) => S::Verifying,
            (A::Approve, S::Verifying) => S::Closed,
            (A::Reject, S::Verifying) => S::Rectifying,
            (A::Reopen, S::Closed) => S::Rectifying,
            (A::Dismiss, S::SelfCheck) => S::Closed,
            _ => return Err("409"),
        };
        let allowed: &[&str] = match action {
            A::Assign | A::Reject => &["office", "group_lead of the group"],
            A::Return | A::Accept | A::Submit => &["responsible unit"],
            A::Approve | A::Reopen | A::Dismiss => &["office"],
        };
        if allowed.contains(&who) { Ok(to) } else { Err("403") }
    }

    #[test]
    fn every_state_action_and_caller() {
        let mut cells = 0;
        for state in State::ALL.iter().copied() {
            for action in Action::ALL.iter().copied() {
                for (who, caller) in callers() {
                    let f = facts(state);
                    let got = decide(&caller, action, &f);
                    match (expected(action, state, who), got) {
                        (Ok(to), Ok(next)) => assert_eq!(to, next, "{action:?} from {state:?} by {who}"),
                        (Err("409"), Err(Refusal::WrongState { allowed })) => {
                            assert_eq!(allowed, allowed_actions(&caller, &f), "{action:?} from {state:?} by {who}");
                        }
                        (Err("403"), Err(Refusal::Forbidden)) => {}
                        (want, got) => panic!("{action:?} from {state:?} by {who}: expected {want:?}, got {got:?}"),
                    }
                    cells += 1;
                }
            }
        }
        assert_eq!(cells, 5 * 8 * 8);
    }

    #[test]
    fn allowed_actions_are_exactly_what_decide_accepts() {
        for state in State::ALL.iter().copied() {
            for (who, caller) in callers() {
                let f = facts(state);
                let allowed = allowed_actions(&caller, &f);
                for action in Action::ALL.iter().copied() {
                    assert_eq!(
                        allowed.contains(&action),
                        decide(&caller, action, &f).is_ok(),
                        "{action:?} {state:?} {who}"
                    );
                }
            }
        }
    }

    #[test]
    fn dismissed_problems_cannot_be_reopened() {
        let office = Caller { office: true, lead_groups: vec![], unit: None::<u8> };
        let f = Facts {
            state: State::Closed,
            group: G,
            responsible_unit: None,
            cooperating_units: vec![],
            reporting_unit: REPORTER,
            closure_kind: Some(ClosureKind::Duplicate),
            deadline: None,
            pending_extension: false,
        };
        assert_eq!(decide(&office, Action::Reopen, &f), Err(Refusal::WrongState { allowed: vec![] }));
        assert!(allowed_actions(&office, &f).is_empty());
    }

    #[test]
    fn a_caller_with_several_roles_gets_the_union() {
        let both = Caller { office: false, lead_groups: vec![G], unit: Some(RESP) };
        assert_eq!(allowed_actions(&both, &facts(State::Verifying)), vec![Action::Reject]);
        assert_eq!(allowed_actions(&both, &facts(State::Assigned)), vec![Action::Return, Action::Accept]);
    }

    #[test]
    fn progress_is_for_responsible_and_cooperating_units_while_rectifying() {
        for state in State::ALL.iter().copied() {
            for (who, caller) in callers() {
                let expected = state == State::Rectifying && (who == "responsible unit" || who == "cooperating unit");
                assert_eq!(may_report_progress(&caller, &facts(state)), expected, "{who} in {state:?}");
            }
        }
    }

    #[test]
    fn editable_fields_by_state_and_caller() {
        for state in State::ALL.iter().copied() {
            for (who, caller) in callers() {
                let fields = editable_fields(&caller, &facts(state));
                let expected: Vec<Field> = match (state, who) {
                    (State::Closed, _) => vec![],
                    (State::SelfCheck, "office" | "reporting unit") => Field::DESCRIPTIVE.to_vec(),
                    (_, "office" | "group_lead of the group") => {
                        Field::DESCRIPTIVE.into_iter().filter(|f| *f != Field::Category).collect()
                    }
                    (State::Rectifying, "responsible unit") => Field::RECTIFICATION.to_vec(),
                    _ => vec![],
                };
                assert_eq!(fields, expected, "{who} in {state:?}");
            }
        }
    }

    #[test]
    fn every_action_is_a_step_with_its_code_and_label() {
        for a in Action::ALL.iter().copied() {
            let s = Step::from(a);
            assert_eq!((s.code(), s.label()), (a.code(), a.label()));
        }
        // Besides the actions: the registration and the migration import.
        assert_eq!(Step::ALL.len(), Action::ALL.len() + 2);
    }

    #[test]
    fn codes_round_trip() {
        for s in State::ALL.iter().copied() {
            assert_eq!(State::from_code(s.code()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.code());
        }
        for a in Action::ALL.iter().copied() {
            assert_eq!(Action::from_code(a.code()), Some(a));
            assert_eq!(serde_json::to_value(a).unwrap(), a.code());
        }
        for k in ["rectified", "duplicate", "unfounded"] {
            assert_eq!(ClosureKind::from_code(k).unwrap().code(), k);
        }
    }
}
