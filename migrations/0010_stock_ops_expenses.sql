-- 0010_stock_ops_expenses: stock documents (purchases from vendors, adjustments, transfers
-- between branches), vendor payments, expense categories and expenses, and the daily expense
-- aggregate the daily report reads (docs/STOCK.md).
--
-- Every stock document changes `stock` and writes one stock_movements row per product and
-- branch in the same transaction, so stock.qty = Σ stock_movements.delta always holds. The
-- documents are append-only: a mistake is corrected by another document.

-- Gap-free numbers per branch and document kind ('purchase', 'adjustment', 'transfer'), taken
-- by UPDATE … RETURNING in the document's own transaction (see document_series for registers).
CREATE TABLE branch_document_series (
  branch_id    uuid NOT NULL REFERENCES branches (id),
  kind         text NOT NULL CHECK (kind ~ '^[a-z_]{1,32}$'),
  next_number  bigint NOT NULL DEFAULT 1 CHECK (next_number >= 1),
  PRIMARY KEY (branch_id, kind)
);

-- Receiving from a vendor. total = Σ line totals; the unpaid part (total − paid_amount) is
-- added to the vendor's balance with a party_ledger row (kind 'purchase').
CREATE TABLE purchases (
  id                    uuid PRIMARY KEY,
  number                text NOT NULL,
  seq                   bigint NOT NULL,
  branch_id             uuid NOT NULL REFERENCES branches (id),
  vendor_id             uuid NOT NULL REFERENCES vendors (id),
  reference             text NOT NULL DEFAULT '' CHECK (length(reference) <= 100),
  total                 bigint NOT NULL CHECK (total >= 0),
  paid_amount           bigint NOT NULL DEFAULT 0 CHECK (paid_amount >= 0 AND paid_amount <= total),
  paid_method           text CHECK (paid_method IN ('cash', 'card', 'bank_transfer', 'other')),
  vendor_balance_after  bigint NOT NULL,
  actor_id              uuid REFERENCES users (id),
  request_hash          text NOT NULL DEFAULT '',
  created_at            timestamptz NOT NULL DEFAULT now(),
  UNIQUE (branch_id, seq),
  CHECK ((paid_method IS NULL) = (paid_amount = 0))
);
CREATE INDEX purchases_vendor ON purchases (vendor_id, id);
CREATE INDEX purchases_branch ON purchases (branch_id, id);

-- cost_before/cost_after: the product's cost_price around this purchase (moving average).
CREATE TABLE purchase_lines (
  purchase_id  uuid NOT NULL REFERENCES purchases (id),
  line_no      integer NOT NULL,
  product_id   uuid NOT NULL REFERENCES products (id),
  qty          bigint NOT NULL CHECK (qty > 0),
  unit_cost    bigint NOT NULL CHECK (unit_cost >= 0),
  total        bigint NOT NULL CHECK (total >= 0),
  cost_before  bigint NOT NULL,
  cost_after   bigint NOT NULL,
  PRIMARY KEY (purchase_id, line_no)
);
CREATE INDEX purchase_lines_product ON purchase_lines (product_id);

-- Payments to a vendor: lower its balance (party_ledger kind 'vendor_payment').
CREATE TABLE vendor_payments (
  id             uuid PRIMARY KEY,
  vendor_id      uuid NOT NULL REFERENCES vendors (id),
  amount         bigint NOT NULL CHECK (amount > 0),
  method         text NOT NULL CHECK (method IN ('cash', 'card', 'bank_transfer', 'other')),
  note           text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
  balance_after  bigint NOT NULL,
  actor_id       uuid REFERENCES users (id),
  request_hash   text NOT NULL DEFAULT '',
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX vendor_payments_vendor ON vendor_payments (vendor_id, id);

-- Adjustments: count (set to a counted figure, stored as the delta against the expected one),
-- damage and loss (out), found (in).
CREATE TABLE stock_adjustments (
  id            uuid PRIMARY KEY,
  number        text NOT NULL,
  seq           bigint NOT NULL,
  branch_id     uuid NOT NULL REFERENCES branches (id),
  kind          text NOT NULL CHECK (kind IN ('count', 'damage', 'loss', 'found')),
  reason        text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  actor_id      uuid REFERENCES users (id),
  request_hash  text NOT NULL DEFAULT '',
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (branch_id, seq)
);
CREATE INDEX stock_adjustments_branch ON stock_adjustments (branch_id, id);

CREATE TABLE stock_adjustment_lines (
  adjustment_id  uuid NOT NULL REFERENCES stock_adjustments (id),
  line_no        integer NOT NULL,
  product_id     uuid NOT NULL REFERENCES products (id),
  delta          bigint NOT NULL,
  counted        bigint,
  expected       bigint,
  qty_after      bigint NOT NULL,
  PRIMARY KEY (adjustment_id, line_no),
  CHECK ((counted IS NULL) = (expected IS NULL)),
  CHECK (counted IS NULL OR delta = counted - expected)
);
CREATE INDEX stock_adjustment_lines_product ON stock_adjustment_lines (product_id);

-- Transfers: out of one branch and into another, one document, one transaction. Numbered in
-- the sending branch's series.
CREATE TABLE stock_transfers (
  id              uuid PRIMARY KEY,
  number          text NOT NULL,
  seq             bigint NOT NULL,
  from_branch_id  uuid NOT NULL REFERENCES branches (id),
  to_branch_id    uuid NOT NULL REFERENCES branches (id),
  note            text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
  actor_id        uuid REFERENCES users (id),
  request_hash    text NOT NULL DEFAULT '',
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (from_branch_id, seq),
  CHECK (from_branch_id <> to_branch_id)
);
CREATE INDEX stock_transfers_from ON stock_transfers (from_branch_id, id);
CREATE INDEX stock_transfers_to ON stock_transfers (to_branch_id, id);

CREATE TABLE stock_transfer_lines (
  transfer_id     uuid NOT NULL REFERENCES stock_transfers (id),
  line_no         integer NOT NULL,
  product_id      uuid NOT NULL REFERENCES products (id),
  qty             bigint NOT NULL CHECK (qty > 0),
  from_qty_after  bigint NOT NULL,
  to_qty_after    bigint NOT NULL,
  PRIMARY KEY (transfer_id, line_no)
);
CREATE INDEX stock_transfer_lines_product ON stock_transfer_lines (product_id);

-- The stock ledger is read by branch and by document as well as by product.
CREATE INDEX stock_movements_branch ON stock_movements (branch_id, id);
CREATE INDEX stock_movements_ref ON stock_movements (ref_type, ref_id) WHERE ref_id IS NOT NULL;

-- Expense categories: a small list an admin or employee keeps (rent, cleaning, repairs, …).
CREATE TABLE expense_categories (
  id          uuid PRIMARY KEY,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  is_active   boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  version     integer NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX expense_categories_name ON expense_categories (lower(name));
CREATE TRIGGER expense_categories_touch BEFORE UPDATE ON expense_categories
  FOR EACH ROW EXECUTE FUNCTION regal_touch_row();

-- Expenses. shift_id is set when the money came out of a till drawer: the paid_out cash
-- movement of that shift names the expense (cash_movements.expense_id).
CREATE TABLE expenses (
  id            uuid PRIMARY KEY,
  branch_id     uuid NOT NULL REFERENCES branches (id),
  category_id   uuid NOT NULL REFERENCES expense_categories (id),
  amount        bigint NOT NULL CHECK (amount > 0),
  note          text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
  shift_id      uuid REFERENCES shifts (id),
  actor_id      uuid REFERENCES users (id),
  request_hash  text NOT NULL DEFAULT '',
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX expenses_branch_time ON expenses (branch_id, created_at);
CREATE INDEX expenses_category_time ON expenses (category_id, created_at);
CREATE INDEX expenses_shift ON expenses (shift_id) WHERE shift_id IS NOT NULL;

-- Every cash movement that names an expense names a real one. Deferred to commit, so the
-- movement and its expense may be inserted in either order within their transaction.
ALTER TABLE cash_movements ADD CONSTRAINT cash_movements_expense_fk
  FOREIGN KEY (expense_id) REFERENCES expenses (id) DEFERRABLE INITIALLY DEFERRED;

-- Expenses per branch, local day (branch time zone) and category, kept by regal_apply_expense
-- in the transaction that writes the expense.
CREATE TABLE daily_expense_totals (
  branch_id    uuid NOT NULL,
  day          date NOT NULL,
  category_id  uuid NOT NULL,
  count        bigint NOT NULL DEFAULT 0,
  amount       bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (branch_id, day, category_id)
);
CREATE INDEX daily_expense_totals_day ON daily_expense_totals (day, branch_id);

CREATE FUNCTION regal_apply_expense(p_expense uuid) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  e record;
BEGIN
  SELECT x.branch_id, x.category_id, x.amount, (x.created_at AT TIME ZONE b.timezone)::date AS day
    INTO e FROM expenses x JOIN branches b ON b.id = x.branch_id WHERE x.id = p_expense;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'regal_apply_expense: no expense %', p_expense;
  END IF;
  INSERT INTO daily_expense_totals AS t (branch_id, day, category_id, count, amount)
    VALUES (e.branch_id, e.day, e.category_id, 1, e.amount)
    ON CONFLICT (branch_id, day, category_id) DO UPDATE
      SET count = t.count + 1, amount = t.amount + EXCLUDED.amount;
END $$;

-- Documents are never edited or deleted.
DO $$
DECLARE
  t text;
BEGIN
  FOR t IN VALUES ('purchases'), ('purchase_lines'), ('vendor_payments'), ('stock_adjustments'),
                  ('stock_adjustment_lines'), ('stock_transfers'), ('stock_transfer_lines'),
                  ('expenses')
  LOOP
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON %I FROM regal_app', t);
    EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION regal_refuse_change()',
                   t || '_append_only', t);
  END LOOP;
END
$$;
