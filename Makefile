# illegal_practice — PGXS build.
# The extension script is assembled from extension/sql/NN_*.sql in name order,
# so each concept keeps its own SQL file. Every C file in extension/src is linked.

EXTENSION   = illegal_practice
MODULE_big  = illegal_practice
EXT_VERSION = 1.0

C_SOURCES   = $(sort $(wildcard extension/src/*.c))
OBJS        = $(C_SOURCES:.c=.o)
SQL_PARTS   = $(sort $(wildcard extension/sql/*.sql))
DATA_built  = extension/$(EXTENSION)--$(EXT_VERSION).sql

PG_CPPFLAGS = -I$(CURDIR)/extension/include
PG_CFLAGS   = -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers

# pg_regress: every sql/*.sql is a test, run in name order.
REGRESS      = $(sort $(basename $(notdir $(wildcard sql/*.sql))))
REGRESS_OPTS = --encoding=UTF8 --no-locale

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

$(DATA_built): $(SQL_PARTS)
	cat $(SQL_PARTS) > $@

# The README's two commands.
.PHONY: setup demo test
setup:
	bash scripts/setup.sh
demo:
	bash scripts/demo.sh
test:
	bash scripts/test.sh
