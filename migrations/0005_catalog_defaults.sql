-- 0005: a branch's currency has two minor-unit digits unless told otherwise (EUR, CZK, USD …).
ALTER TABLE branches ALTER COLUMN currency_digits SET DEFAULT 2;
