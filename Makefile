# illegal_practice — PGXS build.
# The script of the current version (default_version in illegal_practice.control) is assembled
# from extension/sql/NN_*.sql in name order, so each concept keeps its own SQL file. Every C file
# in extension/src is linked.
# Released versions are frozen: extension/released/illegal_practice--X.Y.sql (written once by
# scripts/release.sh, never edited) and the upgrade scripts extension/upgrade/illegal_practice--X.Y--X.Z.sql
# are installed as they are (CONTRIBUTING.md §6).
#   make             packagers' build: -Wall -Wextra, warnings are not errors
#   make WERROR=1    developers and CI (scripts/setup.sh): every warning is an error

EXTENSION   = illegal_practice
MODULE_big  = illegal_practice
EXT_VERSION = $(shell sed -n "s/^default_version *= *'\(.*\)'/\1/p" $(dir $(firstword $(MAKEFILE_LIST)))$(EXTENSION).control)

C_SOURCES   = $(sort $(wildcard extension/src/*.c))
OBJS        = $(C_SOURCES:.c=.o)
SQL_PARTS   = $(sort $(wildcard extension/sql/*.sql))
DATA_built  = extension/$(EXTENSION)--$(EXT_VERSION).sql
# the released scripts of earlier versions and every upgrade script; the released copy of the
# current version (before its release is tagged) is the built script itself (test/67_upgrade.sh checks)
DATA        = $(filter-out extension/released/$(EXTENSION)--$(EXT_VERSION).sql,$(wildcard extension/released/$(EXTENSION)--*.sql)) \
              $(wildcard extension/upgrade/$(EXTENSION)--*--*.sql)

PG_CPPFLAGS = -I$(CURDIR)/extension/include
PG_CFLAGS   = -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers
ifeq ($(WERROR),1)
PG_CFLAGS  += -Werror
endif

# pg_regress: every sql/*.sql is a test, run in name order.
REGRESS      = $(sort $(basename $(notdir $(wildcard sql/*.sql))))
REGRESS_OPTS = --encoding=UTF8 --no-locale

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

ifeq ($(EXT_VERSION),)
$(error no default_version in $(EXTENSION).control)
endif

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
