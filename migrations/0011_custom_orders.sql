-- 0011_custom_orders: custom orders — goods prepared or delivered later, paid for in deposits
-- (docs/SALES.md, "Custom orders"). An order is priced once, at order time, by
-- lib/pos/sale_calculator; delivering it writes a regular sale (the invoice) whose lines are the
-- order's and whose tenders are the deposits (method 'deposit') plus the balance.
--
-- Money: a deposit is money into a shift (shift_tender_totals.deposits and
-- daily_tender_totals.deposits of its tender, so the drawer's expected cash counts cash
-- deposits); a cancelled order's deposits go back as negative rows (kind 'return'). Delivering
-- adds one 'applied' row of tender 'deposit' for −paid: the invoice's 'deposit' payment adds
-- +paid to that tender's sales, so the 'deposit' tender nets to zero and the money is counted
-- once — when it was taken — while the invoice counts the sale once, when it is delivered.

CREATE TABLE custom_orders (
  id                   uuid PRIMARY KEY,
  number               text NOT NULL,
  seq                  bigint NOT NULL,
  branch_id            uuid NOT NULL REFERENCES branches (id),
  customer_id          uuid NOT NULL REFERENCES customers (id),
  status               text NOT NULL DEFAULT 'open'
                         CHECK (status IN ('open', 'ready', 'delivered', 'cancelled')),
  due_date             date,
  note                 text NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
  discount_percent_bp  integer CHECK (discount_percent_bp BETWEEN 0 AND 10000),
  discount_amount      bigint CHECK (discount_amount >= 0),
  subtotal             bigint NOT NULL,
  discount_total       bigint NOT NULL,
  tax_total            bigint NOT NULL,
  total                bigint NOT NULL CHECK (total >= 0),
  paid                 bigint NOT NULL DEFAULT 0,     -- Σ deposits − Σ returned deposits
  sale_id              uuid UNIQUE REFERENCES sales (id),  -- the invoice, once delivered
  created_by           uuid REFERENCES users (id),
  request_hash         text NOT NULL DEFAULT '',
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  version              integer NOT NULL DEFAULT 1,
  UNIQUE (branch_id, seq),
  CHECK (paid >= 0 AND paid <= total),
  CHECK ((status = 'delivered') = (sale_id IS NOT NULL)),
  CHECK (status <> 'cancelled' OR paid = 0)
);
CREATE INDEX custom_orders_branch_time ON custom_orders (branch_id, created_at);
CREATE INDEX custom_orders_customer ON custom_orders (customer_id, id);
CREATE INDEX custom_orders_status ON custom_orders (status, id);
CREATE INDEX custom_orders_number ON custom_orders (number);
CREATE TRIGGER custom_orders_touch BEFORE UPDATE ON custom_orders
  FOR EACH ROW EXECUTE FUNCTION regal_touch_row();

-- The lines as priced at order time (the same columns as sale_lines); never changed.
CREATE TABLE custom_order_lines (
  id              uuid PRIMARY KEY,
  order_id        uuid NOT NULL REFERENCES custom_orders (id),
  line_no         integer NOT NULL,
  product_id      uuid REFERENCES products (id),   -- NULL for a free-text line
  sku             text NOT NULL DEFAULT '',
  description     text NOT NULL,
  qty             bigint NOT NULL CHECK (qty > 0),
  unit_price      bigint NOT NULL CHECK (unit_price >= 0),
  list_price      bigint NOT NULL CHECK (list_price >= 0),
  discount_bp     integer NOT NULL CHECK (discount_bp BETWEEN 0 AND 10000),
  tax_rate        integer NOT NULL CHECK (tax_rate BETWEEN 0 AND 10000),
  tax_inclusive   boolean NOT NULL,
  gross           bigint NOT NULL,
  line_discount   bigint NOT NULL,
  order_discount  bigint NOT NULL,
  net             bigint NOT NULL,
  tax             bigint NOT NULL,
  total           bigint NOT NULL,
  unit_cost       bigint NOT NULL DEFAULT 0 CHECK (unit_cost >= 0),
  category_id     uuid,
  UNIQUE (order_id, line_no),
  CHECK (total = net + tax)
);

-- Money in and out of an order, append-only. kind 'deposit' (> 0, cash/card/other into an open
-- shift), 'return' (< 0, a cancelled order's deposits given back), 'applied' (< 0, tender
-- 'deposit': the deposits taken into the delivering invoice).
CREATE TABLE custom_order_deposits (
  id           uuid PRIMARY KEY,
  order_id     uuid NOT NULL REFERENCES custom_orders (id),
  kind         text NOT NULL CHECK (kind IN ('deposit', 'return', 'applied')),
  shift_id     uuid NOT NULL REFERENCES shifts (id),
  branch_id    uuid NOT NULL REFERENCES branches (id),
  register_id  uuid NOT NULL REFERENCES registers (id),
  method       text NOT NULL CHECK (method IN ('cash', 'card', 'other', 'deposit')),
  amount       bigint NOT NULL,
  sale_id      uuid REFERENCES sales (id),
  actor_id     uuid REFERENCES users (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'deposit' AND amount > 0 AND method <> 'deposit')
      OR (kind = 'return' AND amount < 0 AND method <> 'deposit')
      OR (kind = 'applied' AND amount < 0 AND method = 'deposit' AND sale_id IS NOT NULL))
);
CREATE INDEX custom_order_deposits_order ON custom_order_deposits (order_id, created_at);
CREATE INDEX custom_order_deposits_shift ON custom_order_deposits (shift_id);
REVOKE UPDATE, DELETE, TRUNCATE ON custom_order_deposits FROM regal_app;
CREATE TRIGGER custom_order_deposits_append_only BEFORE UPDATE OR DELETE ON custom_order_deposits
  FOR EACH ROW EXECUTE FUNCTION regal_refuse_change();

-- Status history: one row per change (the creation is the first, from_status NULL).
CREATE TABLE custom_order_events (
  id           uuid PRIMARY KEY,
  order_id     uuid NOT NULL REFERENCES custom_orders (id),
  from_status  text,
  to_status    text NOT NULL,
  actor_id     uuid REFERENCES users (id),
  note         text NOT NULL DEFAULT '',
  created_at   timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX custom_order_events_order ON custom_order_events (order_id, created_at);
REVOKE UPDATE, DELETE, TRUNCATE ON custom_order_events FROM regal_app;
CREATE TRIGGER custom_order_events_append_only BEFORE UPDATE OR DELETE ON custom_order_events
  FOR EACH ROW EXECUTE FUNCTION regal_refuse_change();

-- The delivering invoice pays with the order's deposits.
ALTER TABLE sale_payments DROP CONSTRAINT sale_payments_method_check;
ALTER TABLE sale_payments ADD CONSTRAINT sale_payments_method_check
  CHECK (method IN ('cash', 'card', 'other', 'on_account', 'deposit'));

-- Adds a deposit row to its shift's tender totals and to the daily tender totals of its day and
-- register (called in the transaction that writes the row, like regal_apply_sale).
CREATE FUNCTION regal_apply_order_deposit(p_deposit uuid) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  d      record;
  v_day  date;
BEGIN
  SELECT x.*, b.timezone INTO d FROM custom_order_deposits x
    JOIN branches b ON b.id = x.branch_id WHERE x.id = p_deposit;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'regal_apply_order_deposit: no deposit %', p_deposit;
  END IF;
  v_day := (d.created_at AT TIME ZONE d.timezone)::date;
  INSERT INTO shift_tender_totals AS t (shift_id, method, deposits)
    VALUES (d.shift_id, d.method, d.amount)
    ON CONFLICT (shift_id, method) DO UPDATE SET deposits = t.deposits + EXCLUDED.deposits;
  INSERT INTO daily_tender_totals AS t (branch_id, day, register_id, method, deposits)
    VALUES (d.branch_id, v_day, d.register_id, d.method, d.amount)
    ON CONFLICT (branch_id, day, register_id, method) DO UPDATE
      SET deposits = t.deposits + EXCLUDED.deposits;
END $$;
