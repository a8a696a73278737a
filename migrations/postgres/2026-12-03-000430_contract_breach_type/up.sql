-- A new problem type 合同不履行 (#17) for databases seeded before it; a fresh database gets it
-- from the seed. Only where the categories exist (the organisation was seeded).
INSERT INTO dict_items (kind, code, label, parent_code, sort_order, active)
SELECT 'problem_type', 'contract_breach', '合同不履行', 'investment_promise',
       (SELECT COALESCE(MAX(sort_order), 0) + 10 FROM dict_items WHERE kind = 'problem_type'), TRUE
WHERE EXISTS (SELECT 1 FROM dict_items WHERE kind = 'category' AND code = 'investment_promise')
  AND NOT EXISTS (SELECT 1 FROM dict_items WHERE kind = 'problem_type' AND code = 'contract_breach');
