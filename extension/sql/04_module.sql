-- 04_module.sql — what the C module gives every concept: the reader of the extension's settings
-- (GUCs registered in _PG_init, see docs/settings.md) and the trigger that tells every session to drop
-- the C caches (working-day calendar, caller's scope) when their tables change.
CREATE FUNCTION @extschema@.setting(name text) RETURNS text
  AS 'MODULE_PATHNAME', 'ip_setting' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.setting(text) IS
  '本扩展设置 illegal_practice.<name> 的当前值（文本）：timezone、bulk_refresh_cells、tip_investigation_workdays、tip_feedback_workdays；C 函数，调用时即加载本扩展的库，设置因此总已注册（见 docs/settings.md）';

CREATE FUNCTION @extschema@.invalidate_cache() RETURNS trigger
  AS 'MODULE_PATHNAME', 'ip_invalidate_cache' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION @extschema@.invalidate_cache() IS
  '语句级触发器：表（calendar_exception、user_scope）改动后通知各会话丢弃 C 缓存（工作日历、调用者辖区）：本会话在语句结束时，其他会话在提交后';
