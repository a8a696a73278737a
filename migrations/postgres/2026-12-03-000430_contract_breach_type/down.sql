DELETE FROM dict_items WHERE kind = 'problem_type' AND code = 'contract_breach';
