//! What was owed and what was paid (#17): payment records, their corrections, and how payments
//! meet the instalments of a repayment plan. Pure rules; the service applies them.

use chrono::NaiveDate;

use super::{
    lifecycle::{Caller, ClosureKind, Facts, State},
    money::MAX_FEN,
};

crate::coded_enum! {
    /// How money was resolved (化解方式).
    pub enum PaymentMethod("payment method") {
        Cash = ("cash", "现金支付"),
        Instalment = ("instalment", "分期支付"),
        Offset = ("offset", "以物抵债"),
        /// Counts as resolved (化解) but is shown apart from money paid.
        Negotiated = ("negotiated", "协商减免"),
        Litigation = ("litigation", "诉讼执行"),
        Other = ("other", "其他"),
    }
}

crate::coded_enum! {
    /// What a payment record is.
    pub enum PaymentKind("payment record kind") {
        Payment = ("payment", "还款"),
        /// 冲正: a negative record reversing (part of) another.
        Correction = ("correction", "冲正"),
        /// 期初结转: the amount resolved before payments were recorded (an upgrade or a migration import).
        Opening = ("opening", "期初结转"),
    }
}

crate::coded_enum! {
    /// One instalment of a repayment plan, as the payments meet it.
    pub enum InstalmentStatus("instalment status") {
        Paid = ("paid", "已还清"),
        PartlyPaid = ("partly_paid", "部分还款"),
        Due = ("due", "未到期"),
        Missed = ("missed", "逾期未还"),
    }
}

crate::coded_enum! {
    /// A plan's health, apart from the deadline warning.
    pub enum RepaymentStatus("repayment status") {
        OnTrack = ("on_track", "按计划"),
        MissedInstalment = ("missed_instalment", "逾期未还"),
        Completed = ("completed", "已还清"),
    }
}

crate::coded_enum! {
    /// The nature of the debtor (欠款主体性质).
    pub enum DebtorNature("debtor nature") {
        Agency = ("agency", "机关"),
        Institution = ("institution", "事业单位"),
        Soe = ("soe", "国有企业"),
    }
}

crate::coded_enum! {
    /// The size of the enterprise owed (企业规模).
    pub enum EnterpriseSize("enterprise size") {
        Large = ("large", "大型"),
        Medium = ("medium", "中型"),
        Small = ("small", "小型"),
        Micro = ("micro", "微型"),
    }
}

crate::coded_enum! {
    /// The ownership of the enterprise owed (所有制).
    pub enum Ownership("enterprise ownership") {
        Private = ("private", "民营"),
        Other = ("other", "其他"),
    }
}

crate::coded_enum! {
    /// The pretext given for not honouring a promise (不兑现的借口).
    pub enum PromisePretext("promise pretext") {
        DivisionAdjustment = ("division_adjustment", "行政区划调整"),
        GovernmentChange = ("government_change", "政府换届"),
        Restructuring = ("restructuring", "机构职能调整"),
        PersonnelChange = ("personnel_change", "责任人更替"),
        Other = ("other", "其他"),
    }
}

crate::coded_enum! {
    /// The level that issued a policy (发文层级).
    pub enum PolicyLevel("policy level") {
        Province = ("province", "省级"),
        City = ("city", "市级"),
        District = ("district", "区级"),
    }
}

crate::coded_enum! {
    /// 账龄 bands, from the agreed payment date.
    pub enum AgeBand("arrears age band") {
        LessThan6Months = ("lt_6m", "6个月以内"),
        Months6To12 = ("m6_12", "6–12个月"),
        Years1To2 = ("y1_2", "1–2年"),
        MoreThan2Years = ("gt_2y", ">2年"),
    }
}

crate::coded_enum! {
    /// Which money rate a category's problems count in (#17): arrears are repaid (清偿率),
    /// promises and policies honoured (兑现率), funds allocated (拨付率). Never mixed.
    pub enum MoneyKind("money kind") {
        Arrears = ("arrears", "清偿率"),
        Promises = ("promises", "兑现率"),
        Funds = ("funds", "拨付率"),
    }
}

/// The money rate a category counts in: the arrears categories (`agency_arrears`,
/// `soe_arrears`, and any category whose code ends in `_arrears`), the promise and policy
/// categories (`investment_promise`, `policy`, or ending in `_promise` / `_policy`), the fund
/// categories (`funds`, or ending in `_funds`). Any other category is in no money rate.
pub fn money_kind(category: &str) -> Option<MoneyKind> {
    match category {
        c if c.ends_with("arrears") => Some(MoneyKind::Arrears),
        "investment_promise" | "policy" => Some(MoneyKind::Promises),
        c if c.ends_with("_promise") || c.ends_with("_policy") => Some(MoneyKind::Promises),
        c if c == "funds" || c.ends_with("_funds") => Some(MoneyKind::Funds),
        _ => None,
    }
}

/// 账龄: days since the agreed payment date (0 before it) and the band.
pub fn arrears_age(agreed: NaiveDate, today: NaiveDate) -> (i64, AgeBand) {
    let days = (today - agreed).num_days().max(0);
    let months_ago = |m: u32| today.checked_sub_months(chrono::Months::new(m)).unwrap_or(NaiveDate::MIN);
    let band = if agreed > months_ago(6) {
        AgeBand::LessThan6Months
    } else if agreed > months_ago(12) {
        AgeBand::Months6To12
    } else if agreed > months_ago(24) {
        AgeBand::Years1To2
    } else {
        AgeBand::MoreThan2Years
    };
    (days, band)
}

/// The agreed-payment dates of a band on `today`, as (after, on or before) bounds: a date is in
/// the band when `after < date <= on_or_before` (an open end is `None`).
pub fn band_bounds(band: AgeBand, today: NaiveDate) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let months_ago = |m: u32| today.checked_sub_months(chrono::Months::new(m)).unwrap_or(NaiveDate::MIN);
    match band {
        AgeBand::LessThan6Months => (Some(months_ago(6)), None),
        AgeBand::Months6To12 => (Some(months_ago(12)), Some(months_ago(6))),
        AgeBand::Years1To2 => (Some(months_ago(24)), Some(months_ago(12))),
        AgeBand::MoreThan2Years => (None, Some(months_ago(24))),
    }
}

/// Dismissed problems (不予立项) hold no money: nothing is recorded on them.
pub fn is_dismissed(closure: Option<ClosureKind>) -> bool {
    matches!(closure, Some(ClosureKind::Duplicate | ClosureKind::Unfounded))
}

/// Who may record a payment or set a plan: the responsible unit while rectifying; the office
/// in any state but a dismissed one (also while verifying and after closure).
pub fn may_record<G: PartialEq, U: PartialEq>(caller: &Caller<G, U>, f: &Facts<G, U>) -> bool {
    if is_dismissed(f.closure_kind) {
        return false;
    }
    caller.office || (f.state == State::Rectifying && caller.is_responsible(f))
}

/// A record already on the problem, as a correction needs to know it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Existing {
    pub kind: PaymentKind,
    pub amount_fen: i64,
    pub method: PaymentMethod,
    /// A correction already names it.
    pub corrected: bool,
}

/// A new record as asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub paid_on: NaiveDate,
    pub amount_fen: i64,
    pub method: Option<PaymentMethod>,
    pub has_note: bool,
    pub confirm_overpayment: bool,
}

/// Checks a new record against the problem's total so far and the amount due; answers its kind
/// and method, or the refusals by field.
pub fn check(
    p: &Proposal,
    corrects: Option<&Existing>,
    total_before: i64,
    due: i64,
    today: NaiveDate,
) -> Result<(PaymentKind, PaymentMethod), Vec<(&'static str, String)>> {
    let mut errors = Vec::new();
    if p.paid_on > today {
        errors.push(("paid_on", "还款日期不能晚于今天".to_owned()));
    }
    if p.amount_fen == 0 {
        errors.push(("amount_fen", "金额不能为零".to_owned()));
    }
    if p.amount_fen.abs() > MAX_FEN {
        errors.push(("amount_fen", "金额过大".to_owned()));
    }
    let result = match corrects {
        None => {
            if p.amount_fen < 0 {
                errors.push(("amount_fen", "金额不能为负数; 冲正请用 corrects 指明被冲正的记录".to_owned()));
            }
            if p.method.is_none() {
                errors.push(("method", "请选择化解方式".to_owned()));
            }
            let after = total_before.saturating_add(p.amount_fen);
            if p.amount_fen > 0 && after > due && !p.confirm_overpayment {
                errors.push((
                    "confirm_overpayment",
                    format!(
                        "登记后合计 {} 元将超过应付金额 {} 元; 确属超额请以 confirm_overpayment: true 确认",
                        super::money::format_yuan(after),
                        super::money::format_yuan(due)
                    ),
                ));
            }
            (PaymentKind::Payment, p.method.unwrap_or(PaymentMethod::Other))
        }
        Some(target) => {
            if target.kind == PaymentKind::Correction {
                errors.push(("corrects", "冲正记录不能再被冲正".to_owned()));
            } else if target.corrected {
                errors.push(("corrects", "该记录已被冲正过".to_owned()));
            }
            if p.amount_fen > 0 {
                errors.push(("amount_fen", "冲正金额应为负数".to_owned()));
            } else if -p.amount_fen > target.amount_fen {
                errors.push(("amount_fen", "冲正金额不能超过被冲正记录的金额".to_owned()));
            }
            if p.method.is_some_and(|m| m != target.method) {
                errors.push(("method", "冲正记录的化解方式应与被冲正记录一致".to_owned()));
            }
            if !p.has_note {
                errors.push(("note", "冲正须说明原因".to_owned()));
            }
            (PaymentKind::Correction, target.method)
        }
    };
    if errors.is_empty() { Ok(result) } else { Err(errors) }
}

/// An instalment of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Instalment {
    pub due_on: NaiveDate,
    pub amount_fen: i64,
}

/// How the plan stands: each instalment's paid amount and status, and the plan's health.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    pub instalments: Vec<(i64, InstalmentStatus)>,
    pub status: RepaymentStatus,
    pub missed: usize,
    /// The first instalment not yet paid.
    pub next_due_on: Option<NaiveDate>,
}

/// Meets the payments made under the plan (their total) with its instalments in order: each
/// takes what it can of what is left. An instalment past its date and not fully paid is missed.
pub fn standing(instalments: &[Instalment], paid_toward: i64, today: NaiveDate) -> Standing {
    let mut left = paid_toward.max(0);
    let mut out = Vec::with_capacity(instalments.len());
    let (mut missed, mut next_due_on) = (0, None);
    for i in instalments {
        let paid = left.min(i.amount_fen);
        left -= paid;
        let status = if paid >= i.amount_fen {
            InstalmentStatus::Paid
        } else if i.due_on < today {
            InstalmentStatus::Missed
        } else if paid > 0 {
            InstalmentStatus::PartlyPaid
        } else {
            InstalmentStatus::Due
        };
        if status == InstalmentStatus::Missed {
            missed += 1;
        }
        if status != InstalmentStatus::Paid && next_due_on.is_none() {
            next_due_on = Some(i.due_on);
        }
        out.push((paid, status));
    }
    let status = if out.iter().all(|(_, s)| *s == InstalmentStatus::Paid) {
        RepaymentStatus::Completed
    } else if missed > 0 {
        RepaymentStatus::MissedInstalment
    } else {
        RepaymentStatus::OnTrack
    };
    Standing { instalments: out, status, missed, next_due_on }
}

impl Standing {
    /// What the missed instalments still lack (each one's amount less its share of the
    /// payments), and the first one's date: the 分期逾期 sheet's figures. `None` when none is
    /// missed.
    pub fn shortfall(&self, instalments: &[Instalment]) -> Option<(NaiveDate, i64)> {
        let mut missed = instalments
            .iter()
            .zip(&self.instalments)
            .filter(|(_, (_, status))| *status == InstalmentStatus::Missed)
            .map(|(i, (paid, _))| (i.due_on, i.amount_fen - paid));
        let (first, lacking) = missed.next()?;
        Some((first, lacking + missed.map(|(_, l)| l).sum::<i64>()))
    }
}

/// Checks a plan: at least one instalment, positive amounts, dates strictly increasing, and the
/// sum equal to what is outstanding.
pub fn check_plan(instalments: &[Instalment], outstanding: i64) -> Vec<(String, String)> {
    let mut errors = Vec::new();
    if instalments.is_empty() {
        errors.push(("instalments".to_owned(), "请至少填写一期".to_owned()));
    }
    if outstanding <= 0 {
        errors.push(("instalments".to_owned(), "已无未还金额, 不需要还款计划".to_owned()));
    }
    let mut sum: i64 = 0;
    for (k, i) in instalments.iter().enumerate() {
        if i.amount_fen <= 0 || i.amount_fen > MAX_FEN {
            errors.push((format!("instalments[{k}].amount_fen"), "每期金额应大于零".to_owned()));
        }
        if k > 0 && i.due_on <= instalments[k - 1].due_on {
            errors.push((format!("instalments[{k}].due_on"), "各期日期应逐期递增".to_owned()));
        }
        sum = sum.saturating_add(i.amount_fen);
    }
    if !instalments.is_empty() && outstanding > 0 && sum != outstanding {
        errors.push((
            "instalments".to_owned(),
            format!(
                "各期合计 {} 元应等于未还金额 {} 元",
                super::money::format_yuan(sum),
                super::money::format_yuan(outstanding)
            ),
        ));
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn proposal(amount: i64) -> Proposal {
        Proposal {
            paid_on: d("2026-03-01"),
            amount_fen: amount,
            method: Some(PaymentMethod::Cash),
            has_note: false,
            confirm_overpayment: false,
        }
    }

    #[test]
    fn payments_stay_within_the_amount_due_unless_confirmed() {
        let today = d("2026-03-02");
        assert_eq!(check(&proposal(100), None, 900, 1000, today), Ok((PaymentKind::Payment, PaymentMethod::Cash)));
        let e = check(&proposal(101), None, 900, 1000, today).unwrap_err();
        assert_eq!(e[0].0, "confirm_overpayment");
        let confirmed = Proposal { confirm_overpayment: true, ..proposal(101) };
        assert!(check(&confirmed, None, 900, 1000, today).is_ok());
        assert_eq!(check(&proposal(-5), None, 0, 1000, today).unwrap_err()[0].0, "amount_fen");
        assert_eq!(check(&proposal(0), None, 0, 1000, today).unwrap_err()[0].0, "amount_fen");
        let future = Proposal { paid_on: d("2026-03-03"), ..proposal(1) };
        assert_eq!(check(&future, None, 0, 1000, today).unwrap_err()[0].0, "paid_on");
        let no_method = Proposal { method: None, ..proposal(1) };
        assert_eq!(check(&no_method, None, 0, 1000, today).unwrap_err()[0].0, "method");
    }

    #[test]
    fn a_correction_reverses_at_most_its_record_once_with_a_reason() {
        let today = d("2026-03-02");
        let target =
            Existing { kind: PaymentKind::Payment, amount_fen: 300, method: PaymentMethod::Cash, corrected: false };
        let ok = Proposal { has_note: true, method: None, ..proposal(-300) };
        assert_eq!(check(&ok, Some(&target), 300, 1000, today), Ok((PaymentKind::Correction, PaymentMethod::Cash)));
        let too_much = Proposal { has_note: true, ..proposal(-301) };
        assert_eq!(check(&too_much, Some(&target), 300, 1000, today).unwrap_err()[0].0, "amount_fen");
        let no_reason = Proposal { has_note: false, ..proposal(-1) };
        assert_eq!(check(&no_reason, Some(&target), 300, 1000, today).unwrap_err()[0].0, "note");
        let positive = Proposal { has_note: true, ..proposal(1) };
        assert_eq!(check(&positive, Some(&target), 300, 1000, today).unwrap_err()[0].0, "amount_fen");
        let twice = Existing { corrected: true, ..target.clone() };
        assert_eq!(check(&ok, Some(&twice), 300, 1000, today).unwrap_err()[0].0, "corrects");
        let of_correction = Existing { kind: PaymentKind::Correction, ..target.clone() };
        assert_eq!(check(&ok, Some(&of_correction), 300, 1000, today).unwrap_err()[0].0, "corrects");
        let other_method = Proposal { method: Some(PaymentMethod::Negotiated), ..ok };
        assert_eq!(check(&other_method, Some(&target), 300, 1000, today).unwrap_err()[0].0, "method");
    }

    #[test]
    fn payments_meet_instalments_in_order() {
        let plan = [
            Instalment { due_on: d("2026-03-10"), amount_fen: 100 },
            Instalment { due_on: d("2026-04-10"), amount_fen: 100 },
            Instalment { due_on: d("2026-05-10"), amount_fen: 100 },
        ];
        let s = standing(&plan, 150, d("2026-03-20"));
        assert_eq!(
            s.instalments,
            vec![(100, InstalmentStatus::Paid), (50, InstalmentStatus::PartlyPaid), (0, InstalmentStatus::Due)]
        );
        assert_eq!((s.status, s.missed, s.next_due_on), (RepaymentStatus::OnTrack, 0, Some(d("2026-04-10"))));
        let s = standing(&plan, 150, d("2026-04-11"));
        assert_eq!(s.instalments[1], (50, InstalmentStatus::Missed));
        assert_eq!((s.status, s.missed), (RepaymentStatus::MissedInstalment, 1));
        // Due on its date is not yet missed.
        assert_eq!(standing(&plan, 0, d("2026-03-10")).status, RepaymentStatus::OnTrack);
        let s = standing(&plan, 300, d("2027-01-01"));
        assert_eq!((s.status, s.next_due_on), (RepaymentStatus::Completed, None));
        assert_eq!(standing(&plan, -10, d("2026-03-01")).instalments[0], (0, InstalmentStatus::Due));
    }

    #[test]
    fn the_shortfall_is_what_the_missed_instalments_lack() {
        let plan = [
            Instalment { due_on: d("2026-03-10"), amount_fen: 100 },
            Instalment { due_on: d("2026-04-10"), amount_fen: 100 },
            Instalment { due_on: d("2026-05-10"), amount_fen: 100 },
        ];
        assert_eq!(standing(&plan, 150, d("2026-03-20")).shortfall(&plan), None);
        assert_eq!(standing(&plan, 150, d("2026-04-11")).shortfall(&plan), Some((d("2026-04-10"), 50)));
        assert_eq!(standing(&plan, 0, d("2026-05-11")).shortfall(&plan), Some((d("2026-03-10"), 300)));
        assert_eq!(standing(&plan, 300, d("2027-01-01")).shortfall(&plan), None);
    }

    #[test]
    fn a_plan_adds_up_to_what_is_outstanding() {
        let i = |day: &str, amount| Instalment { due_on: d(day), amount_fen: amount };
        assert!(check_plan(&[i("2026-03-10", 100), i("2026-04-10", 200)], 300).is_empty());
        assert_eq!(check_plan(&[i("2026-03-10", 100)], 300)[0].0, "instalments");
        assert_eq!(check_plan(&[i("2026-03-10", 100), i("2026-03-10", 200)], 300)[0].0, "instalments[1].due_on");
        assert_eq!(check_plan(&[i("2026-03-10", 0), i("2026-04-10", 300)], 300)[0].0, "instalments[0].amount_fen");
        assert_eq!(check_plan(&[], 300)[0].0, "instalments");
        assert_eq!(check_plan(&[i("2026-03-10", 1)], 0)[0].0, "instalments");
    }

    #[test]
    fn arrears_age_bands_agree_with_their_bounds() {
        let today = d("2026-03-02");
        assert_eq!(arrears_age(d("2026-03-10"), today), (0, AgeBand::LessThan6Months));
        assert_eq!(arrears_age(d("2025-09-03"), today), (180, AgeBand::LessThan6Months));
        assert_eq!(arrears_age(d("2025-09-02"), today).1, AgeBand::Months6To12);
        assert_eq!(arrears_age(d("2025-03-02"), today).1, AgeBand::Years1To2);
        assert_eq!(arrears_age(d("2024-03-02"), today).1, AgeBand::MoreThan2Years);
        let mut day = d("2023-01-01");
        while day < d("2026-06-01") {
            let (_, band) = arrears_age(day, today);
            let (after, upto) = band_bounds(band, today);
            assert!(after.is_none_or(|a| day > a) && upto.is_none_or(|u| day <= u), "{day} {band:?}");
            day += chrono::Duration::days(1);
        }
    }

    #[test]
    fn who_may_record() {
        let facts = |state, closure| Facts {
            state,
            group: 1,
            responsible_unit: Some(7),
            cooperating_units: vec![8],
            reporting_unit: 9,
            closure_kind: closure,
            deadline: None,
            pending_extension: false,
        };
        let office = Caller { office: true, lead_groups: vec![], unit: None };
        let unit = Caller { office: false, lead_groups: vec![], unit: Some(7) };
        let cooperating = Caller { office: false, lead_groups: vec![], unit: Some(8) };
        assert!(may_record(&unit, &facts(State::Rectifying, None)));
        assert!(!may_record(&unit, &facts(State::Verifying, None)));
        assert!(!may_record(&cooperating, &facts(State::Rectifying, None)));
        assert!(may_record(&office, &facts(State::Verifying, None)));
        assert!(may_record(&office, &facts(State::Closed, Some(ClosureKind::Rectified))));
        assert!(!may_record(&office, &facts(State::Closed, Some(ClosureKind::Duplicate))));
    }

    #[test]
    fn categories_fall_into_one_money_rate() {
        assert_eq!(money_kind("agency_arrears"), Some(MoneyKind::Arrears));
        assert_eq!(money_kind("soe_arrears"), Some(MoneyKind::Arrears));
        assert_eq!(money_kind("investment_promise"), Some(MoneyKind::Promises));
        assert_eq!(money_kind("policy"), Some(MoneyKind::Promises));
        assert_eq!(money_kind("funds"), Some(MoneyKind::Funds));
        assert_eq!(money_kind("market_access"), None);
    }
}
