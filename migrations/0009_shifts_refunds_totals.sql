-- 0009_shifts_refunds_totals: shifts (cash sessions) with their cash movements and Z reports,
-- refunds, voids, and the running totals that make shift close and reports constant-time.
--
-- Running totals are kept by three functions (regal_apply_sale, regal_apply_refund,
-- regal_apply_cash_movement) that the application calls at the end of the transaction that
-- writes the document, so the totals commit or roll back with it. Daily rows are keyed by
-- register: a register's documents are already serialised by its document_series row, so two
-- tills of one branch never wait on each other's totals; a report sums a branch's registers.

-- Any document kind may have a series (sale, refund, z_report, custom_order, purchase, …).
ALTER TABLE document_series DROP CONSTRAINT document_series_kind_check;
ALTER TABLE document_series ADD CONSTRAINT document_series_kind_check
  CHECK (kind ~ '^[a-z_]{1,32}$');

CREATE TABLE shifts (
  id              uuid PRIMARY KEY,
  branch_id       uuid NOT NULL REFERENCES branches (id),
  register_id     uuid NOT NULL REFERENCES registers (id),
  cashier_id      uuid NOT NULL REFERENCES users (id),
  status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  opening_float   bigint NOT NULL CHECK (opening_float >= 0),
  opening_counts  jsonb,                  -- [{"denomination": 500, "count": 3}, …] when counted
  note            text NOT NULL DEFAULT '',
  request_hash    text NOT NULL DEFAULT '',
  opened_at       timestamptz NOT NULL DEFAULT now(),
  closed_at       timestamptz,
  closed_by       uuid REFERENCES users (id),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  version         integer NOT NULL DEFAULT 1,
  CHECK ((status = 'open') = (closed_at IS NULL))
);
-- One open shift per register.
CREATE UNIQUE INDEX shifts_open_register ON shifts (register_id) WHERE status = 'open';
CREATE INDEX shifts_register_time ON shifts (register_id, opened_at DESC);
CREATE INDEX shifts_cashier_time ON shifts (cashier_id, opened_at DESC);
CREATE TRIGGER shifts_touch BEFORE UPDATE ON shifts
  FOR EACH ROW EXECUTE FUNCTION regal_touch_row();

-- Earlier sales may carry a shift id from before shifts existed: checked for new rows only.
ALTER TABLE sales ADD CONSTRAINT sales_shift_fk FOREIGN KEY (shift_id) REFERENCES shifts (id)
  NOT VALID;
CREATE INDEX sales_shift ON sales (shift_id) WHERE shift_id IS NOT NULL;
ALTER TABLE sales
  ADD COLUMN commission_rate  integer NOT NULL DEFAULT 0 CHECK (commission_rate BETWEEN 0 AND 10000),
  ADD COLUMN commission       bigint NOT NULL DEFAULT 0,
  ADD COLUMN voided_at        timestamptz,
  ADD COLUMN voided_by        uuid REFERENCES users (id),
  ADD COLUMN void_reason      text NOT NULL DEFAULT '',
  ADD COLUMN refunded_total   bigint NOT NULL DEFAULT 0 CHECK (refunded_total >= 0);
-- What the line cost the shop and where it was filed when it was sold (margin and category
-- reports must not move when a product's cost or category changes later).
ALTER TABLE sale_lines
  ADD COLUMN unit_cost    bigint NOT NULL DEFAULT 0 CHECK (unit_cost >= 0),
  ADD COLUMN category_id  uuid;

-- The drawer: paid-ins, paid-outs, drops to the safe and no-sale openings. Never edited or
-- deleted; a mistake is corrected by a reversing movement (negative amount) that names it.
CREATE TABLE cash_movements (
  id            uuid PRIMARY KEY,
  shift_id      uuid NOT NULL REFERENCES shifts (id),
  kind          text NOT NULL CHECK (kind IN ('paid_in', 'paid_out', 'drop', 'no_sale')),
  amount        bigint NOT NULL,
  reason        text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  reverses_id   uuid UNIQUE REFERENCES cash_movements (id),
  expense_id    uuid,
  actor_id      uuid NOT NULL REFERENCES users (id),
  request_hash  text NOT NULL DEFAULT '',
  created_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (kind <> 'no_sale' OR (amount = 0 AND reverses_id IS NULL)),
  CHECK ((reverses_id IS NULL AND amount >= 0) OR (reverses_id IS NOT NULL AND amount < 0))
);
CREATE INDEX cash_movements_shift ON cash_movements (shift_id, created_at);
REVOKE UPDATE, DELETE, TRUNCATE ON cash_movements FROM regal_app;
CREATE TRIGGER cash_movements_append_only BEFORE UPDATE OR DELETE ON cash_movements
  FOR EACH ROW EXECUTE FUNCTION regal_refuse_change();

-- Running totals of a shift, one row per shift (created when it opens), plus per tender and per
-- tax rate. Sales figures are net of voids; voids are also counted on their own.
CREATE TABLE shift_totals (
  shift_id         uuid PRIMARY KEY REFERENCES shifts (id),
  sales_count      bigint NOT NULL DEFAULT 0,
  sales_gross      bigint NOT NULL DEFAULT 0,   -- Σ subtotal (qty × price)
  sales_discounts  bigint NOT NULL DEFAULT 0,
  sales_net        bigint NOT NULL DEFAULT 0,   -- without tax
  sales_tax        bigint NOT NULL DEFAULT 0,
  sales_total      bigint NOT NULL DEFAULT 0,
  sales_cost       bigint NOT NULL DEFAULT 0,
  refunds_count    bigint NOT NULL DEFAULT 0,
  refunds_net      bigint NOT NULL DEFAULT 0,
  refunds_tax      bigint NOT NULL DEFAULT 0,
  refunds_total    bigint NOT NULL DEFAULT 0,
  voids_count      bigint NOT NULL DEFAULT 0,
  voids_total      bigint NOT NULL DEFAULT 0,
  paid_in          bigint NOT NULL DEFAULT 0,
  paid_out         bigint NOT NULL DEFAULT 0,
  drops            bigint NOT NULL DEFAULT 0,
  no_sale_count    bigint NOT NULL DEFAULT 0,
  first_seq        bigint,
  first_number     text,
  last_seq         bigint,
  last_number      text
);
CREATE TABLE shift_tender_totals (
  shift_id  uuid NOT NULL REFERENCES shifts (id),
  method    text NOT NULL,     -- cash | card | other | on_account | store_credit
  sales     bigint NOT NULL DEFAULT 0,   -- received for sales (cash net of change)
  refunds   bigint NOT NULL DEFAULT 0,   -- paid back
  deposits  bigint NOT NULL DEFAULT 0,   -- custom-order deposits (negative when returned)
  PRIMARY KEY (shift_id, method)
);
CREATE TABLE shift_tax_totals (
  shift_id         uuid NOT NULL REFERENCES shifts (id),
  rate_bp          integer NOT NULL,
  sales_taxable    bigint NOT NULL DEFAULT 0,
  sales_tax        bigint NOT NULL DEFAULT 0,
  refunds_taxable  bigint NOT NULL DEFAULT 0,
  refunds_tax      bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (shift_id, rate_bp)
);

-- Z reports: numbered per register (document_series kind 'z_report'), written once at close.
CREATE TABLE z_reports (
  id             uuid PRIMARY KEY,
  shift_id       uuid NOT NULL UNIQUE REFERENCES shifts (id),
  branch_id      uuid NOT NULL REFERENCES branches (id),
  register_id    uuid NOT NULL REFERENCES registers (id),
  seq            bigint NOT NULL,
  number         text NOT NULL,
  expected_cash  bigint NOT NULL,
  counted_cash   bigint NOT NULL,
  variance       bigint NOT NULL,          -- counted − expected over all counted tenders
  grand_total    bigint NOT NULL,          -- perpetual: Σ sales totals of every Z of the register
  body           jsonb NOT NULL,           -- the whole report as shown
  closed_by      uuid REFERENCES users (id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (register_id, seq)
);
CREATE INDEX z_reports_register_time ON z_reports (register_id, created_at DESC);
CREATE INDEX z_reports_branch_time ON z_reports (branch_id, created_at DESC);
REVOKE UPDATE, DELETE, TRUNCATE ON z_reports FROM regal_app;
CREATE TRIGGER z_reports_immutable BEFORE UPDATE OR DELETE ON z_reports
  FOR EACH ROW EXECUTE FUNCTION regal_refuse_change();

-- A recount after close (approved by an admin or employee) never changes the Z report: it is
-- appended here and shown with it.
CREATE TABLE z_report_recounts (
  id           uuid PRIMARY KEY,
  z_report_id  uuid NOT NULL REFERENCES z_reports (id),
  counted      jsonb NOT NULL,
  counted_cash bigint NOT NULL,
  variance     bigint NOT NULL,
  approved_by  uuid NOT NULL REFERENCES users (id),
  actor_id     uuid NOT NULL REFERENCES users (id),
  reason       text NOT NULL DEFAULT '',
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX z_report_recounts_report ON z_report_recounts (z_report_id, created_at);
REVOKE UPDATE, DELETE, TRUNCATE ON z_report_recounts FROM regal_app;
CREATE TRIGGER z_report_recounts_append_only BEFORE UPDATE OR DELETE ON z_report_recounts
  FOR EACH ROW EXECUTE FUNCTION regal_refuse_change();

-- Refunds of invoice lines; their own gap-free series per register (document_series 'refund').
CREATE TABLE refunds (
  id            uuid PRIMARY KEY,
  client_id     uuid UNIQUE,
  request_hash  text NOT NULL,
  number        text NOT NULL,
  seq           bigint NOT NULL,
  sale_id       uuid NOT NULL REFERENCES sales (id),
  branch_id     uuid NOT NULL REFERENCES branches (id),
  register_id   uuid NOT NULL REFERENCES registers (id),
  shift_id      uuid NOT NULL REFERENCES shifts (id),
  cashier_id    uuid REFERENCES users (id),
  approved_by   uuid REFERENCES users (id),
  customer_id   uuid REFERENCES customers (id),
  reason        text NOT NULL DEFAULT '',
  gross         bigint NOT NULL,
  discount_total bigint NOT NULL,
  net           bigint NOT NULL,
  tax_total     bigint NOT NULL,
  total         bigint NOT NULL CHECK (total > 0),
  cost          bigint NOT NULL DEFAULT 0,
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (register_id, seq),
  CHECK (total = net + tax_total)
);
CREATE INDEX refunds_sale ON refunds (sale_id);
CREATE INDEX refunds_branch_time ON refunds (branch_id, created_at);
CREATE INDEX refunds_shift ON refunds (shift_id);

CREATE TABLE refund_lines (
  id              uuid PRIMARY KEY,
  refund_id       uuid NOT NULL REFERENCES refunds (id),
  line_no         integer NOT NULL,
  sale_line_id    uuid NOT NULL REFERENCES sale_lines (id),
  product_id      uuid REFERENCES products (id),
  category_id     uuid,
  qty             bigint NOT NULL CHECK (qty > 0),
  disposition     text NOT NULL CHECK (disposition IN ('restock', 'damaged')),
  gross           bigint NOT NULL,
  line_discount   bigint NOT NULL,
  order_discount  bigint NOT NULL,
  net             bigint NOT NULL,
  tax_rate        integer NOT NULL,
  tax             bigint NOT NULL,
  total           bigint NOT NULL,
  cost            bigint NOT NULL DEFAULT 0,
  UNIQUE (refund_id, line_no)
);
CREATE INDEX refund_lines_sale_line ON refund_lines (sale_line_id);

CREATE TABLE refund_payments (
  refund_id  uuid NOT NULL REFERENCES refunds (id),
  idx        integer NOT NULL,
  method     text NOT NULL CHECK (method IN ('cash', 'card', 'other', 'store_credit')),
  amount     bigint NOT NULL CHECK (amount > 0),
  PRIMARY KEY (refund_id, idx)
);

-- Daily aggregates per branch, local day (branch time zone) and register.
CREATE TABLE daily_register_totals (
  branch_id        uuid NOT NULL,
  day              date NOT NULL,
  register_id      uuid NOT NULL,
  sales_count      bigint NOT NULL DEFAULT 0,
  sales_gross      bigint NOT NULL DEFAULT 0,
  sales_discounts  bigint NOT NULL DEFAULT 0,
  sales_net        bigint NOT NULL DEFAULT 0,
  sales_tax        bigint NOT NULL DEFAULT 0,
  sales_total      bigint NOT NULL DEFAULT 0,
  sales_cost       bigint NOT NULL DEFAULT 0,
  refunds_count    bigint NOT NULL DEFAULT 0,
  refunds_net      bigint NOT NULL DEFAULT 0,
  refunds_tax      bigint NOT NULL DEFAULT 0,
  refunds_total    bigint NOT NULL DEFAULT 0,
  refunds_cost     bigint NOT NULL DEFAULT 0,
  voids_count      bigint NOT NULL DEFAULT 0,
  voids_total      bigint NOT NULL DEFAULT 0,
  cash_variance    bigint NOT NULL DEFAULT 0,   -- over (+) / short (−) of shifts closed that day
  PRIMARY KEY (branch_id, day, register_id)
);
CREATE TABLE daily_tender_totals (
  branch_id    uuid NOT NULL,
  day          date NOT NULL,
  register_id  uuid NOT NULL,
  method       text NOT NULL,
  sales        bigint NOT NULL DEFAULT 0,
  refunds      bigint NOT NULL DEFAULT 0,
  deposits     bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (branch_id, day, register_id, method)
);
CREATE TABLE daily_tax_totals (
  branch_id        uuid NOT NULL,
  day              date NOT NULL,
  register_id      uuid NOT NULL,
  rate_bp          integer NOT NULL,
  sales_taxable    bigint NOT NULL DEFAULT 0,
  sales_tax        bigint NOT NULL DEFAULT 0,
  refunds_taxable  bigint NOT NULL DEFAULT 0,
  refunds_tax      bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (branch_id, day, register_id, rate_bp)
);
CREATE TABLE daily_hour_totals (
  branch_id    uuid NOT NULL,
  day          date NOT NULL,
  register_id  uuid NOT NULL,
  hour         smallint NOT NULL CHECK (hour BETWEEN 0 AND 23),
  sales_count  bigint NOT NULL DEFAULT 0,
  sales_total  bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (branch_id, day, register_id, hour)
);
CREATE TABLE daily_product_totals (
  branch_id      uuid NOT NULL,
  day            date NOT NULL,
  register_id    uuid NOT NULL,
  product_id     uuid NOT NULL,
  qty            bigint NOT NULL DEFAULT 0,
  net            bigint NOT NULL DEFAULT 0,
  total          bigint NOT NULL DEFAULT 0,
  cost           bigint NOT NULL DEFAULT 0,
  refunds_qty    bigint NOT NULL DEFAULT 0,
  refunds_net    bigint NOT NULL DEFAULT 0,
  refunds_total  bigint NOT NULL DEFAULT 0,
  refunds_cost   bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (branch_id, day, register_id, product_id)
);
CREATE INDEX daily_product_totals_day ON daily_product_totals (day, branch_id);
-- Totals by cashier, salesman, customer and category: kind names what party_id is. Lines
-- without a category (and quick-sell lines) count under the nil UUID.
CREATE TABLE daily_party_totals (
  branch_id      uuid NOT NULL,
  day            date NOT NULL,
  register_id    uuid NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('cashier', 'salesman', 'customer', 'category')),
  party_id       uuid NOT NULL,
  sales_count    bigint NOT NULL DEFAULT 0,
  qty            bigint NOT NULL DEFAULT 0,
  net            bigint NOT NULL DEFAULT 0,
  total          bigint NOT NULL DEFAULT 0,
  cost           bigint NOT NULL DEFAULT 0,
  commission     bigint NOT NULL DEFAULT 0,
  refunds_net    bigint NOT NULL DEFAULT 0,
  refunds_total  bigint NOT NULL DEFAULT 0,
  refunds_cost   bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (branch_id, day, register_id, kind, party_id)
);
CREATE INDEX daily_party_totals_kind_day ON daily_party_totals (kind, day, branch_id);

-- Adds a sale's figures to the shift and daily totals (p_sign = 1), or takes them back when it
-- is voided (p_sign = -1, which also counts the void).
CREATE FUNCTION regal_apply_sale(p_sale uuid, p_sign integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  s        record;
  v_local  timestamp;
  v_day    date;
  v_net    bigint;
  v_cost   bigint;
  v_qty    bigint;
  v_void   integer := CASE WHEN p_sign < 0 THEN 1 ELSE 0 END;
  nil      constant uuid := '00000000-0000-0000-0000-000000000000';
BEGIN
  IF p_sign NOT IN (1, -1) THEN
    RAISE EXCEPTION 'regal_apply_sale: sign must be 1 or -1';
  END IF;
  SELECT sa.*, b.timezone INTO s FROM sales sa JOIN branches b ON b.id = sa.branch_id
    WHERE sa.id = p_sale;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'regal_apply_sale: no sale %', p_sale;
  END IF;
  v_local := s.created_at AT TIME ZONE s.timezone;
  v_day := v_local::date;
  SELECT coalesce(sum(net), 0), coalesce(sum(unit_cost * qty), 0), coalesce(sum(qty), 0)
    INTO v_net, v_cost, v_qty FROM sale_lines WHERE sale_id = p_sale;

  IF s.shift_id IS NOT NULL THEN
    UPDATE shift_totals SET
      sales_count = sales_count + p_sign,
      sales_gross = sales_gross + p_sign * s.subtotal,
      sales_discounts = sales_discounts + p_sign * s.discount_total,
      sales_net = sales_net + p_sign * v_net,
      sales_tax = sales_tax + p_sign * s.tax_total,
      sales_total = sales_total + p_sign * s.total,
      sales_cost = sales_cost + p_sign * v_cost,
      voids_count = voids_count + v_void,
      voids_total = voids_total + v_void * s.total,
      first_seq = CASE WHEN p_sign > 0 AND (first_seq IS NULL OR s.seq < first_seq)
                       THEN s.seq ELSE first_seq END,
      first_number = CASE WHEN p_sign > 0 AND (first_seq IS NULL OR s.seq < first_seq)
                          THEN s.number ELSE first_number END,
      last_seq = CASE WHEN p_sign > 0 AND (last_seq IS NULL OR s.seq > last_seq)
                      THEN s.seq ELSE last_seq END,
      last_number = CASE WHEN p_sign > 0 AND (last_seq IS NULL OR s.seq > last_seq)
                         THEN s.number ELSE last_number END
    WHERE shift_id = s.shift_id;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'regal_apply_sale: shift % has no totals row', s.shift_id;
    END IF;
    INSERT INTO shift_tender_totals AS t (shift_id, method, sales)
      SELECT s.shift_id, p.method,
             p_sign * (sum(p.amount) - CASE WHEN p.method = 'cash' THEN s.change ELSE 0 END)
        FROM sale_payments p WHERE p.sale_id = p_sale GROUP BY p.method
      ON CONFLICT (shift_id, method) DO UPDATE SET sales = t.sales + EXCLUDED.sales;
    INSERT INTO shift_tax_totals AS t (shift_id, rate_bp, sales_taxable, sales_tax)
      SELECT s.shift_id, l.tax_rate, p_sign * sum(l.net), p_sign * sum(l.tax)
        FROM sale_lines l WHERE l.sale_id = p_sale GROUP BY l.tax_rate
      ON CONFLICT (shift_id, rate_bp) DO UPDATE
        SET sales_taxable = t.sales_taxable + EXCLUDED.sales_taxable,
            sales_tax = t.sales_tax + EXCLUDED.sales_tax;
  END IF;

  INSERT INTO daily_register_totals AS t (branch_id, day, register_id, sales_count, sales_gross,
      sales_discounts, sales_net, sales_tax, sales_total, sales_cost, voids_count, voids_total)
    VALUES (s.branch_id, v_day, s.register_id, p_sign, p_sign * s.subtotal,
      p_sign * s.discount_total, p_sign * v_net, p_sign * s.tax_total, p_sign * s.total,
      p_sign * v_cost, v_void, v_void * s.total)
    ON CONFLICT (branch_id, day, register_id) DO UPDATE SET
      sales_count = t.sales_count + EXCLUDED.sales_count,
      sales_gross = t.sales_gross + EXCLUDED.sales_gross,
      sales_discounts = t.sales_discounts + EXCLUDED.sales_discounts,
      sales_net = t.sales_net + EXCLUDED.sales_net,
      sales_tax = t.sales_tax + EXCLUDED.sales_tax,
      sales_total = t.sales_total + EXCLUDED.sales_total,
      sales_cost = t.sales_cost + EXCLUDED.sales_cost,
      voids_count = t.voids_count + EXCLUDED.voids_count,
      voids_total = t.voids_total + EXCLUDED.voids_total;
  INSERT INTO daily_tender_totals AS t (branch_id, day, register_id, method, sales)
    SELECT s.branch_id, v_day, s.register_id, p.method,
           p_sign * (sum(p.amount) - CASE WHEN p.method = 'cash' THEN s.change ELSE 0 END)
      FROM sale_payments p WHERE p.sale_id = p_sale GROUP BY p.method
    ON CONFLICT (branch_id, day, register_id, method) DO UPDATE
      SET sales = t.sales + EXCLUDED.sales;
  INSERT INTO daily_tax_totals AS t (branch_id, day, register_id, rate_bp, sales_taxable,
      sales_tax)
    SELECT s.branch_id, v_day, s.register_id, l.tax_rate, p_sign * sum(l.net),
           p_sign * sum(l.tax)
      FROM sale_lines l WHERE l.sale_id = p_sale GROUP BY l.tax_rate
    ON CONFLICT (branch_id, day, register_id, rate_bp) DO UPDATE
      SET sales_taxable = t.sales_taxable + EXCLUDED.sales_taxable,
          sales_tax = t.sales_tax + EXCLUDED.sales_tax;
  INSERT INTO daily_hour_totals AS t (branch_id, day, register_id, hour, sales_count,
      sales_total)
    VALUES (s.branch_id, v_day, s.register_id, extract(hour FROM v_local)::smallint, p_sign,
      p_sign * s.total)
    ON CONFLICT (branch_id, day, register_id, hour) DO UPDATE
      SET sales_count = t.sales_count + EXCLUDED.sales_count,
          sales_total = t.sales_total + EXCLUDED.sales_total;
  INSERT INTO daily_product_totals AS t (branch_id, day, register_id, product_id, qty, net,
      total, cost)
    SELECT s.branch_id, v_day, s.register_id, l.product_id, p_sign * sum(l.qty),
           p_sign * sum(l.net), p_sign * sum(l.total), p_sign * sum(l.unit_cost * l.qty)
      FROM sale_lines l WHERE l.sale_id = p_sale AND l.product_id IS NOT NULL
      GROUP BY l.product_id
    ON CONFLICT (branch_id, day, register_id, product_id) DO UPDATE
      SET qty = t.qty + EXCLUDED.qty, net = t.net + EXCLUDED.net,
          total = t.total + EXCLUDED.total, cost = t.cost + EXCLUDED.cost;
  INSERT INTO daily_party_totals AS t (branch_id, day, register_id, kind, party_id,
      sales_count, qty, net, total, cost, commission)
    SELECT s.branch_id, v_day, s.register_id, x.kind, x.party_id, x.sales_count, x.qty, x.net,
           x.total, x.cost, x.commission
      FROM (
        SELECT 'cashier' AS kind, s.cashier_id AS party_id, p_sign AS sales_count,
               p_sign * v_qty AS qty, p_sign * v_net AS net, p_sign * s.total AS total,
               p_sign * v_cost AS cost, 0::bigint AS commission
         WHERE s.cashier_id IS NOT NULL
        UNION ALL
        SELECT 'salesman', s.salesman_id, p_sign, p_sign * v_qty, p_sign * v_net,
               p_sign * s.total, p_sign * v_cost, p_sign * s.commission
         WHERE s.salesman_id IS NOT NULL
        UNION ALL
        SELECT 'customer', s.customer_id, p_sign, p_sign * v_qty, p_sign * v_net,
               p_sign * s.total, p_sign * v_cost, 0
         WHERE s.customer_id IS NOT NULL
        UNION ALL
        SELECT 'category', coalesce(l.category_id, nil), p_sign, p_sign * sum(l.qty),
               p_sign * sum(l.net), p_sign * sum(l.total), p_sign * sum(l.unit_cost * l.qty), 0
          FROM sale_lines l WHERE l.sale_id = p_sale GROUP BY coalesce(l.category_id, nil)
      ) x
    ON CONFLICT (branch_id, day, register_id, kind, party_id) DO UPDATE SET
      sales_count = t.sales_count + EXCLUDED.sales_count,
      qty = t.qty + EXCLUDED.qty,
      net = t.net + EXCLUDED.net,
      total = t.total + EXCLUDED.total,
      cost = t.cost + EXCLUDED.cost,
      commission = t.commission + EXCLUDED.commission;
END $$;

-- Adds a refund to the shift and daily totals of the day and register it was made at.
-- p_commission is what the refund takes back of the salesman's commission.
CREATE FUNCTION regal_apply_refund(p_refund uuid, p_commission bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  r        record;
  v_day    date;
  v_qty    bigint;
  nil      constant uuid := '00000000-0000-0000-0000-000000000000';
BEGIN
  SELECT f.*, b.timezone, sa.cashier_id AS sale_cashier_id, sa.salesman_id,
         sa.customer_id AS sale_customer_id
    INTO r FROM refunds f JOIN branches b ON b.id = f.branch_id JOIN sales sa ON sa.id = f.sale_id
    WHERE f.id = p_refund;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'regal_apply_refund: no refund %', p_refund;
  END IF;
  v_day := (r.created_at AT TIME ZONE r.timezone)::date;
  SELECT coalesce(sum(qty), 0) INTO v_qty FROM refund_lines WHERE refund_id = p_refund;

  UPDATE shift_totals SET
    refunds_count = refunds_count + 1,
    refunds_net = refunds_net + r.net,
    refunds_tax = refunds_tax + r.tax_total,
    refunds_total = refunds_total + r.total
  WHERE shift_id = r.shift_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'regal_apply_refund: shift % has no totals row', r.shift_id;
  END IF;
  INSERT INTO shift_tender_totals AS t (shift_id, method, refunds)
    SELECT r.shift_id, p.method, sum(p.amount) FROM refund_payments p
     WHERE p.refund_id = p_refund GROUP BY p.method
    ON CONFLICT (shift_id, method) DO UPDATE SET refunds = t.refunds + EXCLUDED.refunds;
  INSERT INTO shift_tax_totals AS t (shift_id, rate_bp, refunds_taxable, refunds_tax)
    SELECT r.shift_id, l.tax_rate, sum(l.net), sum(l.tax) FROM refund_lines l
     WHERE l.refund_id = p_refund GROUP BY l.tax_rate
    ON CONFLICT (shift_id, rate_bp) DO UPDATE
      SET refunds_taxable = t.refunds_taxable + EXCLUDED.refunds_taxable,
          refunds_tax = t.refunds_tax + EXCLUDED.refunds_tax;

  INSERT INTO daily_register_totals AS t (branch_id, day, register_id, refunds_count,
      refunds_net, refunds_tax, refunds_total, refunds_cost)
    VALUES (r.branch_id, v_day, r.register_id, 1, r.net, r.tax_total, r.total, r.cost)
    ON CONFLICT (branch_id, day, register_id) DO UPDATE SET
      refunds_count = t.refunds_count + 1,
      refunds_net = t.refunds_net + EXCLUDED.refunds_net,
      refunds_tax = t.refunds_tax + EXCLUDED.refunds_tax,
      refunds_total = t.refunds_total + EXCLUDED.refunds_total,
      refunds_cost = t.refunds_cost + EXCLUDED.refunds_cost;
  INSERT INTO daily_tender_totals AS t (branch_id, day, register_id, method, refunds)
    SELECT r.branch_id, v_day, r.register_id, p.method, sum(p.amount) FROM refund_payments p
     WHERE p.refund_id = p_refund GROUP BY p.method
    ON CONFLICT (branch_id, day, register_id, method) DO UPDATE
      SET refunds = t.refunds + EXCLUDED.refunds;
  INSERT INTO daily_tax_totals AS t (branch_id, day, register_id, rate_bp, refunds_taxable,
      refunds_tax)
    SELECT r.branch_id, v_day, r.register_id, l.tax_rate, sum(l.net), sum(l.tax)
      FROM refund_lines l WHERE l.refund_id = p_refund GROUP BY l.tax_rate
    ON CONFLICT (branch_id, day, register_id, rate_bp) DO UPDATE
      SET refunds_taxable = t.refunds_taxable + EXCLUDED.refunds_taxable,
          refunds_tax = t.refunds_tax + EXCLUDED.refunds_tax;
  INSERT INTO daily_product_totals AS t (branch_id, day, register_id, product_id, refunds_qty,
      refunds_net, refunds_total, refunds_cost)
    SELECT r.branch_id, v_day, r.register_id, l.product_id, sum(l.qty), sum(l.net),
           sum(l.total), sum(l.cost)
      FROM refund_lines l WHERE l.refund_id = p_refund AND l.product_id IS NOT NULL
      GROUP BY l.product_id
    ON CONFLICT (branch_id, day, register_id, product_id) DO UPDATE SET
      refunds_qty = t.refunds_qty + EXCLUDED.refunds_qty,
      refunds_net = t.refunds_net + EXCLUDED.refunds_net,
      refunds_total = t.refunds_total + EXCLUDED.refunds_total,
      refunds_cost = t.refunds_cost + EXCLUDED.refunds_cost;
  -- By party: the refund counts against whoever made the sale (its cashier, salesman and
  -- customer) and the categories the lines were sold under.
  INSERT INTO daily_party_totals AS t (branch_id, day, register_id, kind, party_id,
      refunds_net, refunds_total, refunds_cost, commission)
    SELECT r.branch_id, v_day, r.register_id, x.kind, x.party_id, x.net, x.total, x.cost,
           x.commission
      FROM (
        SELECT 'cashier' AS kind, r.sale_cashier_id AS party_id, r.net AS net,
               r.total AS total, r.cost AS cost, 0::bigint AS commission
         WHERE r.sale_cashier_id IS NOT NULL
        UNION ALL
        SELECT 'salesman', r.salesman_id, r.net, r.total, r.cost, -p_commission
         WHERE r.salesman_id IS NOT NULL
        UNION ALL
        SELECT 'customer', r.sale_customer_id, r.net, r.total, r.cost, 0
         WHERE r.sale_customer_id IS NOT NULL
        UNION ALL
        SELECT 'category', coalesce(l.category_id, nil), sum(l.net), sum(l.total), sum(l.cost), 0
          FROM refund_lines l WHERE l.refund_id = p_refund GROUP BY coalesce(l.category_id, nil)
      ) x
    ON CONFLICT (branch_id, day, register_id, kind, party_id) DO UPDATE SET
      refunds_net = t.refunds_net + EXCLUDED.refunds_net,
      refunds_total = t.refunds_total + EXCLUDED.refunds_total,
      refunds_cost = t.refunds_cost + EXCLUDED.refunds_cost,
      commission = t.commission + EXCLUDED.commission;
END $$;

-- Adds a cash movement (or its reversal, a negative amount) to its shift's totals.
CREATE FUNCTION regal_apply_cash_movement(p_movement uuid) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  m record;
BEGIN
  SELECT * INTO m FROM cash_movements WHERE id = p_movement;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'regal_apply_cash_movement: no movement %', p_movement;
  END IF;
  UPDATE shift_totals SET
    paid_in = paid_in + CASE WHEN m.kind = 'paid_in' THEN m.amount ELSE 0 END,
    paid_out = paid_out + CASE WHEN m.kind = 'paid_out' THEN m.amount ELSE 0 END,
    drops = drops + CASE WHEN m.kind = 'drop' THEN m.amount ELSE 0 END,
    no_sale_count = no_sale_count + CASE WHEN m.kind = 'no_sale' THEN 1 ELSE 0 END
  WHERE shift_id = m.shift_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'regal_apply_cash_movement: shift % has no totals row', m.shift_id;
  END IF;
END $$;
