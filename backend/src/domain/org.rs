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
