-- 0006_sales: invoices with their lines and tenders, gap-free document numbering per register,
-- and idempotency keys. Figures are computed by lib/pos/sale_calculator and stored as computed;
-- they never change after the sale (a void only changes the status).

-- One counter per register and document kind. A number is taken by UPDATE … RETURNING inside the
-- transaction that stores the document, so a failed sale rolls the counter back with it: no gaps,
-- no reuse. The row lock serialises documents of one register, which a till does anyway.
CREATE TABLE document_series (
  register_id  uuid NOT NULL REFERENCES registers (id),
  kind         text NOT NULL CHECK (kind IN ('sale', 'refund')),
  next_number  bigint NOT NULL DEFAULT 1 CHECK (next_number >= 1),
  PRIMARY KEY (register_id, kind)
);

CREATE TABLE sales (
  id                   uuid PRIMARY KEY,
  client_id            uuid UNIQUE,            -- chosen by the till; a retry finds the sale
  request_hash         text NOT NULL,          -- SHA-256 of the canonical request
  number               text NOT NULL,
  seq                  bigint NOT NULL,
  branch_id            uuid NOT NULL REFERENCES branches (id),
  register_id          uuid NOT NULL REFERENCES registers (id),
  shift_id             uuid,
  cashier_id           uuid REFERENCES users (id),
  customer_id          uuid REFERENCES customers (id),
  salesman_id          uuid REFERENCES salesmen (id),
  status               text NOT NULL DEFAULT 'completed' CHECK (status IN ('completed', 'void')),
  discount_percent_bp  integer CHECK (discount_percent_bp BETWEEN 0 AND 10000),
  discount_amount      bigint CHECK (discount_amount >= 0),
  subtotal             bigint NOT NULL,
  discount_total       bigint NOT NULL,
  tax_total            bigint NOT NULL,
  total                bigint NOT NULL,
  paid                 bigint NOT NULL,
  change               bigint NOT NULL,
  reprint_count        integer NOT NULL DEFAULT 0,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  version              integer NOT NULL DEFAULT 1,
  UNIQUE (register_id, seq),
  CHECK (total = paid - change)
);
CREATE INDEX sales_branch_time ON sales (branch_id, created_at);
CREATE INDEX sales_customer ON sales (customer_id) WHERE customer_id IS NOT NULL;
CREATE INDEX sales_cashier ON sales (cashier_id, created_at);
CREATE INDEX sales_number ON sales (number);

CREATE TRIGGER sales_touch BEFORE UPDATE ON sales
  FOR EACH ROW EXECUTE FUNCTION regal_touch_row();

CREATE TABLE sale_lines (
  id              uuid PRIMARY KEY,
  sale_id         uuid NOT NULL REFERENCES sales (id),
  line_no         integer NOT NULL,
  product_id      uuid REFERENCES products (id),   -- NULL for a quick-sell line
  sku             text NOT NULL DEFAULT '',
  description     text NOT NULL,
  qty             bigint NOT NULL CHECK (qty > 0),
  unit_price      bigint NOT NULL CHECK (unit_price >= 0),
  list_price      bigint NOT NULL CHECK (list_price >= 0),  -- the catalog price at the time
  discount_bp     integer NOT NULL CHECK (discount_bp BETWEEN 0 AND 10000),
  tax_rate        integer NOT NULL CHECK (tax_rate BETWEEN 0 AND 10000),
  tax_inclusive   boolean NOT NULL,
  gross           bigint NOT NULL,
  line_discount   bigint NOT NULL,
  order_discount  bigint NOT NULL,
  net             bigint NOT NULL,
  tax             bigint NOT NULL,
  total           bigint NOT NULL,
  refunded_qty    bigint NOT NULL DEFAULT 0 CHECK (refunded_qty BETWEEN 0 AND qty),
  UNIQUE (sale_id, line_no)
);
CREATE INDEX sale_lines_product ON sale_lines (product_id);

CREATE TABLE sale_payments (
  sale_id  uuid NOT NULL REFERENCES sales (id),
  idx      integer NOT NULL,
  method   text NOT NULL CHECK (method IN ('cash', 'card', 'other', 'on_account')),
  amount   bigint NOT NULL CHECK (amount > 0),
  PRIMARY KEY (sale_id, idx)
);

-- Idempotency-Key → the document it created, per caller. The row is written in the document's
-- own transaction, so a concurrent retry waits on the key and then finds the committed document.
CREATE TABLE idempotency_keys (
  scope         text NOT NULL,      -- "<user id>:<operation>"
  key           text NOT NULL,
  request_hash  text NOT NULL,
  document_id   uuid NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);
