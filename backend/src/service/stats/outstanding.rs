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

/// Arrears still owed of one class: one problem's, or summed over several.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Owed {
    pub class: OwedClass,
    pub problems: i64,
    pub outstanding: i64,
}

impl Owed {
    /// What a problem not dismissed still owes, when it is an arrear with something outstanding.
    pub fn of(p: &ProblemMoney) -> Option<Self> {
        // As the money rates count it: nothing below zero resolved, nothing beyond what is due.
        let outstanding = p.due - p.counted();
        (repayment::money_kind(&p.category) == Some(MoneyKind::Arrears) && outstanding > 0).then_some(Self {
            class: OwedClass {
                agreed_payment_on: p.agreed_payment_on,
                debtor_nature: p.debtor_nature,
                enterprise_size: p.enterprise_size,
            },
            problems: 1,
            outstanding,
        })
    }
}

/// One row as classed: (age band, debtor nature, enterprise size) codes, problems, amount.
struct Classed {
    band: Option<AgeBand>,
    nature: Option<DebtorNature>,
    size: Option<EnterpriseSize>,
    problems: i64,
    outstanding: i64,
}

/// The breakdowns of what is owed, on `today`.
pub(super) fn outstanding_arrears(owed: &[Owed], today: NaiveDate) -> OutstandingArrears {
    let rows: Vec<Classed> = owed
        .iter()
        .map(|o| Classed {
            band: o.class.agreed_payment_on.map(|d| repayment::arrears_age(d, today).1),
            nature: o.class.debtor_nature,
            size: o.class.enterprise_size,
            problems: o.problems,
            outstanding: o.outstanding,
        })
        .collect();
    OutstandingArrears {
        by_age_band: breakdown(&rows, AgeBand::ALL, |r| r.band, |b| (b.code(), b.label())),
        by_debtor_nature: breakdown(&rows, DebtorNature::ALL, |r| r.nature, |n| (n.code(), n.label())),
        by_enterprise_size: breakdown(&rows, EnterpriseSize::ALL, |r| r.size, |s| (s.code(), s.label())),
    }
}

/// Sums the rows per class, in the order of `classes`, then `not_given`.
fn breakdown<T: Copy + Ord>(
    rows: &[Classed],
    classes: &[T],
    class_of: impl Fn(&Classed) -> Option<T>,
    names: impl Fn(T) -> (&'static str, &'static str),
) -> Vec<OutstandingItem> {
    let mut sums: BTreeMap<Option<T>, (i64, i64)> = BTreeMap::new();
    for r in rows {
        let s = sums.entry(class_of(r)).or_default();
        s.0 += r.problems;
        s.1 += r.outstanding;
    }
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

    fn row(band: Option<AgeBand>, nature: Option<DebtorNature>, outstanding: i64) -> Classed {
        Classed { band, nature, size: None, problems: 1, outstanding }
    }

    #[test]
    fn every_class_is_listed_in_order_with_the_unknown_last() {
        let rows = [
            row(Some(AgeBand::MoreThan2Years), Some(DebtorNature::Soe), 500),
            row(Some(AgeBand::MoreThan2Years), None, 300),
            row(None, Some(DebtorNature::Agency), 200),
        ];
        let bands = breakdown(&rows, AgeBand::ALL, |r| r.band, |b| (b.code(), b.label()));
        let codes: Vec<&str> = bands.iter().map(|i| i.code.as_str()).collect();
        assert_eq!(codes, ["lt_6m", "m6_12", "y1_2", "gt_2y", "not_given"]);
        assert_eq!((bands[3].problems, bands[3].outstanding_fen), (2, 800));
        assert_eq!((bands[4].problems, bands[4].outstanding_fen), (1, 200));
        assert_eq!(bands[0].problems, 0);
        let natures = breakdown(&rows, DebtorNature::ALL, |r| r.nature, |n| (n.code(), n.label()));
        assert_eq!(natures.iter().map(|i| i.outstanding_fen).sum::<i64>(), 1000);
        assert_eq!(natures.last().map(|i| i.label.as_str()), Some("未填写"));
    }
}
