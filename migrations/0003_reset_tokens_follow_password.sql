-- 0003: a password change (by the owner, an admin, a reset or regalctl) cancels every reset token
-- still outstanding for that account, so a reset mail sent earlier cannot undo the new password.

CREATE FUNCTION regal_cancel_password_resets() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE password_resets SET used_at = now()
   WHERE user_id = NEW.id AND used_at IS NULL;
  RETURN NEW;
END;
$$;

CREATE TRIGGER users_password_changed
  AFTER UPDATE OF password_hash ON users
  FOR EACH ROW
  WHEN (OLD.password_hash IS DISTINCT FROM NEW.password_hash)
  EXECUTE FUNCTION regal_cancel_password_resets();
