/*
 * encoding_guard.c — the extension needs a UTF8 database (names are masked and
 * normalised character by character, the scripts hold Chinese text).
 *
 * CREATE EXTENSION converts the whole script from UTF8 to the database encoding
 * before it runs a statement, so in EUC_CN or LATIN1 the user would get a raw
 * conversion error, and in SQL_ASCII (no conversion) the install would succeed
 * and mask names into garbage.  With the library preloaded
 * (shared_preload_libraries, docs/install.md) the module's utility hook refuses the
 * statement first, with a clear message; without preloading, the script's own
 * first statement refuses every database whose encoding is not UTF8 that the
 * conversion let through (00_header.sql).
 */
#include "illegal_practice.h"

#include "commands/dbcommands.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "utils/builtins.h"

/* From the module's utility hook (module.c), for every utility statement. */
void
ip_encoding_guard_check(Node *stmt)
{
	if (IsA(stmt, CreateExtensionStmt) &&
		strcmp(((CreateExtensionStmt *) stmt)->extname, "illegal_practice") == 0 &&
		GetDatabaseEncoding() != PG_UTF8)
	{
		char	   *db = get_database_name(MyDatabaseId);

		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("illegal_practice needs a UTF8 database, and database \"%s\" has encoding %s",
						db ? db : "?", GetDatabaseEncodingName()),
				 errdetail("Names, addresses and the forms' Chinese text are stored, masked and compared character by character in UTF-8."),
				 errhint("CREATE DATABASE %s ENCODING 'UTF8' TEMPLATE template0; clients may still use GBK (client_encoding).",
						 db ? quote_identifier(db) : "...")));
	}
}
