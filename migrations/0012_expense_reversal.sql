-- 0012: reversing the paid_out that paid an expense from the drawer cancels the expense.
-- Expenses stay append-only documents; the reversal movement names the same expense
-- (cash_movements.expense_id), and the daily expense totals take it back on the branch-local
-- day of the reversal, as refunds are counted on the day they happen.
CREATE FUNCTION regal_reverse_expense(p_expense uuid, p_at timestamptz) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  e record;
BEGIN
  SELECT x.branch_id, x.category_id, x.amount, (p_at AT TIME ZONE b.timezone)::date AS day
    INTO e FROM expenses x JOIN branches b ON b.id = x.branch_id WHERE x.id = p_expense;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'regal_reverse_expense: no expense %', p_expense;
  END IF;
  INSERT INTO daily_expense_totals AS t (branch_id, day, category_id, count, amount)
    VALUES (e.branch_id, e.day, e.category_id, -1, -e.amount)
    ON CONFLICT (branch_id, day, category_id) DO UPDATE
      SET count = t.count - 1, amount = t.amount - e.amount;
END $$;

-- At most one reversal per expense (a reversal of its paid_out); the unique reverses_id on
-- cash_movements already allows one reversal per movement, this states it for the expense.
CREATE UNIQUE INDEX cash_movements_expense_reversal ON cash_movements (expense_id)
  WHERE expense_id IS NOT NULL AND reverses_id IS NOT NULL;
