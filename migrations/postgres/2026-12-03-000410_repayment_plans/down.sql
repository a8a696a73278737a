DROP TABLE instalment_notices;
DROP TABLE repayment_instalments;
DROP TABLE repayment_plans;
