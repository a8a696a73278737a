//! The organisation's closed sets: kinds of unit, kinds of dictionary, kinds of actor.

crate::coded_enum! {
    /// What kind of body a unit is.
    pub enum UnitKind("unit kind") {
        Department = ("department", "区直部门"),
        Town = ("town", "镇"),
        Street = ("street", "街道"),
        DevelopmentZone = ("development_zone", "开发区"),
        Soe = ("soe", "国有企业"),
    }
}

crate::coded_enum! {
    /// The dictionaries the system administrator keeps.
    pub enum DictKind("dictionary kind") {
        /// 问题类别
        Category = ("category", "问题类别"),
        /// 问题类型 (of a category)
        ProblemType = ("problem_type", "问题类型"),
        /// 线索来源
        Source = ("source", "线索来源"),
        /// 拖欠对象
        ArrearObject = ("arrear_object", "拖欠对象"),
    }
}

crate::coded_enum! {
    /// Who did something, as timelines and the audit trail record it.
    pub enum ActorKind("actor kind") {
        /// A signed-in person
        User = ("user", "用户"),
        /// An integration signed in with an API key
        ApiKey = ("api_key", "接口密钥"),
        /// A failed sign-in: nobody known
        Anonymous = ("anonymous", "匿名"),
        /// The server itself (seeding, periodic jobs, migrations)
        System = ("system", "系统"),
    }
}

/// Whose 自查 a registration may record as the finder (发现单位), the caller being of
/// `caller_unit`: the office anyone's; a lead of the problem's work group the group's lead and
/// member units' (so that a lead builds its group's 自查清单); anyone else only its own unit's.
pub fn may_record_finder<U: PartialEq>(
    office: bool,
    leads_group: bool,
    group_units: &[U],
    caller_unit: &U,
    finder: &U,
) -> bool {
    office || finder == caller_unit || (leads_group && group_units.contains(finder))
}

/// Whether a caller registers problems of a work group: the office and unit users any (a unit its
/// own findings, whichever group handles them); a group lead those of the groups it leads.
pub fn may_register_in_group(office: bool, unit_role: bool, leads_group: bool) -> bool {
    office || unit_role || leads_group
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lead_records_the_finders_of_its_group_a_unit_only_itself() {
        let group = ['a', 'b', 'c'];
        assert!(may_record_finder(true, false, &group, &'x', &'z'), "the office: anyone");
        assert!(may_record_finder(false, true, &group, &'a', &'b'), "a lead: a member of its group");
        assert!(!may_record_finder(false, true, &group, &'a', &'z'), "a lead: not outside its group");
        assert!(may_record_finder(false, false, &group, &'b', &'b'), "a unit: itself");
        assert!(!may_record_finder(false, false, &group, &'b', &'c'), "a unit: no other unit");
    }

    #[test]
    fn a_lead_registers_in_its_groups_only() {
        assert!(may_register_in_group(true, false, false));
        assert!(may_register_in_group(false, true, false));
        assert!(may_register_in_group(false, false, true));
        assert!(!may_register_in_group(false, false, false));
    }
}
