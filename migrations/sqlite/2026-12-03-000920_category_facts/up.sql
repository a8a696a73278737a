-- The facts of the other categories (#17), on the same row as the arrears facts (one row per
-- problem whose facts were given; existing rows keep theirs, the new columns start empty).
-- `amount_due_fen` already holds what is due for every category (应付 / 承诺金额 / 应享受金额 /
-- 应拨金额) and `agreed_payment_on` the date it was due (约定付款日期 / 拨付期限).
--   the document: a contract (合同), an agreement (协议), a policy (政策, 文号) or a fund (资金项目, 文号)
ALTER TABLE issue_facts ADD COLUMN doc_name TEXT;
ALTER TABLE issue_facts ADD COLUMN doc_no TEXT;
ALTER TABLE issue_facts ADD COLUMN doc_date DATE;
--   arrears: the contract amount and the enterprise's size and ownership
ALTER TABLE issue_facts ADD COLUMN contract_amount_fen BIGINT CHECK (contract_amount_fen >= 0);
ALTER TABLE issue_facts ADD COLUMN enterprise_size TEXT CHECK (enterprise_size IN ('large', 'medium', 'small', 'micro'));
ALTER TABLE issue_facts ADD COLUMN enterprise_ownership TEXT CHECK (enterprise_ownership IN ('private', 'other'));
--   promises: what was promised, whether lawfully, and the pretext given for not honouring it
ALTER TABLE issue_facts ADD COLUMN promised_content TEXT;
ALTER TABLE issue_facts ADD COLUMN promise_lawful BOOLEAN;
ALTER TABLE issue_facts ADD COLUMN pretext TEXT CHECK (pretext IN ('division_adjustment', 'government_change', 'restructuring', 'personnel_change', 'other'));
--   policies: the issuing level
ALTER TABLE issue_facts ADD COLUMN policy_level TEXT CHECK (policy_level IN ('province', 'city', 'district'));
