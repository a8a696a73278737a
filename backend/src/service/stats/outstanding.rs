//! 未化解欠款 by 账龄, debtor nature and enterprise size (#17): where the arrears still owed
//! are old, who owes them and to whom. The three breakdowns each sum to the overview's
//! `money.arrears.outstanding_fen`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use crate::{
    domain::repayment::{self, AgeBand, DebtorNature, EnterpriseSize, MoneyKind},
    store::{stat_sums::OwedClass, stats::ProblemMoney},
};

/// The code of a problem whose fact was not given.
const NOT_GIVEN: (&str, &str) = ("not_given", "未填写");

/// One class of the arrears still owed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, ToSchema)]
pub struct OutstandingItem {
    /// The class's code (`lt_6m`, `agency`, `small`, …), or `not_given` for problems whose fact
    /// was not recorded.
    #[schema(example = "m6_12")]
    pub code: String,
    #[schema(example = "6–12个月")]
    pub label: String,
    /// Arrears problems with something still outstanding in the class.
    pub problems: i64,
    /// 未化解: Σ amount due − resolved, in fen.
    pub outstanding_fen: i64,
}

/// 未化解欠款 of the arrears categories, dismissed problems (不予立项) left out; each list has
/// every class in a fixed order (empty ones as zero) and `not_given` last.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize, ToSchema)]
pub struct OutstandingArrears {
    /// By 账龄 on the statistics' date, from the agreed payment date.
    pub by_age_band: Vec<OutstandingItem>,
    /// By 欠款主体性质.
    pub by_debtor_nature: Vec<OutstandingItem>,
    /// By 企业规模 of the enterprise owed.
    pub by_enterprise_size: Vec<OutstandingItem>,
}

/// What a problem not dismissed still owes, with its class, when it is an arrear with something
/// outstanding.
pub(super) fn owed_of(p: &ProblemMoney) -> Option<(OwedClass, i64)> {
    // As the money rates count it: nothing below zero resolved, nothing beyond what is due.
    let outstanding = p.due - p.counted();
    let class = OwedClass {
        agreed_payment_on: p.agreed_payment_on,
        debtor_nature: p.debtor_nature,
        enterprise_size: p.enterprise_size,
    };
    (repayment::money_kind(&p.category) == Some(MoneyKind::Arrears) && outstanding > 0).then_some((class, outstanding))
}

/// (problems, outstanding in fen) per class; `None` is a fact not given.
type Sums<T> = BTreeMap<Option<T>, (i64, i64)>;

/// The arrears still owed, summed along each breakdown on its own: per agreed payment date (its
/// 账龄 band depends on the day asked), debtor nature and enterprise size.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct OwedSums {
    pub by_agreed: Sums<NaiveDate>,
    pub by_nature: Sums<DebtorNature>,
    pub by_size: Sums<EnterpriseSize>,
}

/// Adds figures to one class's sums.
pub(super) fn add_to<T: Ord>(sums: &mut Sums<T>, class: Option<T>, (problems, outstanding): (i64, i64)) {
    let s = sums.entry(class).or_default();
    (s.0, s.1) = (s.0 + problems, s.1 + outstanding);
}

impl OwedSums {
    /// Adds `problems` problems of one class owing `outstanding` (negative to take them out).
    pub fn add(&mut self, class: &OwedClass, figures: (i64, i64)) {
        add_to(&mut self.by_agreed, class.agreed_payment_on, figures);
        add_to(&mut self.by_nature, class.debtor_nature, figures);
        add_to(&mut self.by_size, class.enterprise_size, figures);
    }
}

/// The breakdowns of what is owed, on `today`.
pub(super) fn outstanding_arrears(owed: &OwedSums, today: NaiveDate) -> OutstandingArrears {
    let mut bands: Sums<AgeBand> = BTreeMap::new();
    for (agreed, &figures) in &owed.by_agreed {
        add_to(&mut bands, agreed.map(|d| repayment::arrears_age(d, today).1), figures);
    }
    OutstandingArrears {
        by_age_band: breakdown(&bands, AgeBand::ALL, |b| (b.code(), b.label())),
        by_debtor_nature: breakdown(&owed.by_nature, DebtorNature::ALL, |n| (n.code(), n.label())),
        by_enterprise_size: breakdown(&owed.by_size, EnterpriseSize::ALL, |s| (s.code(), s.label())),
    }
}

/// The sums per class, in the order of `classes`, then `not_given`.
fn breakdown<T: Copy + Ord>(
    sums: &Sums<T>,
    classes: &[T],
    names: impl Fn(T) -> (&'static str, &'static str),
) -> Vec<OutstandingItem> {
    let item = |(code, label): (&str, &str), (problems, outstanding_fen): (i64, i64)| OutstandingItem {
        code: code.to_owned(),
        label: label.to_owned(),
        problems,
        outstanding_fen,
    };
    let mut out: Vec<OutstandingItem> =
        classes.iter().map(|&c| item(names(c), sums.get(&Some(c)).copied().unwrap_or_default())).collect();
    out.push(item(NOT_GIVEN, sums.get(&None).copied().unwrap_or_default()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(agreed: Option<&str>, nature: Option<DebtorNature>) -> OwedClass {
        OwedClass {
            agreed_payment_on: agreed.map(|d| d.parse().unwrap()),
            debtor_nature: nature,
            enterprise_size: None,
        }
    }

    #[test]
    fn every_class_is_listed_in_order_with_the_unknown_last() {
        let mut owed = OwedSums::default();
        owed.add(&class(Some("2020-01-01"), Some(DebtorNature::Soe)), (1, 500));
        owed.add(&class(Some("2021-06-30"), None), (1, 300));
        owed.add(&class(None, Some(DebtorNature::Agency)), (1, 200));
        let o = outstanding_arrears(&owed, "2026-03-01".parse().unwrap());
        let codes: Vec<&str> = o.by_age_band.iter().map(|i| i.code.as_str()).collect();
        assert_eq!(codes, ["lt_6m", "m6_12", "y1_2", "gt_2y", "not_given"]);
        assert_eq!((o.by_age_band[3].problems, o.by_age_band[3].outstanding_fen), (2, 800));
        assert_eq!((o.by_age_band[4].problems, o.by_age_band[4].outstanding_fen), (1, 200));
        assert_eq!(o.by_age_band[0].problems, 0);
        assert_eq!(o.by_debtor_nature.iter().map(|i| i.outstanding_fen).sum::<i64>(), 1000);
        assert_eq!(o.by_debtor_nature.last().map(|i| i.label.as_str()), Some("未填写"));
        assert_eq!(o.by_enterprise_size.last().map(|i| i.outstanding_fen), Some(1000));
        // Taken out again, a class is listed with nothing.
        owed.add(&class(None, Some(DebtorNature::Agency)), (-1, -200));
        let o = outstanding_arrears(&owed, "2026-03-01".parse().unwrap());
        assert_eq!((o.by_age_band[4].problems, o.by_age_band[4].outstanding_fen), (0, 0));
    }
}
