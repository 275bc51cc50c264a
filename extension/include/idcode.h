/*
 * idcode.h — pure C parsing/formatting of the two identifier codes
 * (居民身份证号码 GB 11643-1999 and 统一社会信用代码 GB 32100-2015).
 * No PostgreSQL headers: the fuzzing harness links idcode.c alone.
 */
#ifndef IDCODE_H
#define IDCODE_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

typedef enum idc_status
{
	IDC_OK = 0,
	IDC_EMPTY,					/* nothing but white space */
	IDC_LENGTH,					/* wrong number of characters */
	IDC_CHAR,					/* a character outside the allowed set */
	IDC_DATE,					/* birth date is not a real date */
	IDC_CHECK					/* check character does not match */
} idc_status;

typedef struct idc_error
{
	idc_status	status;
	int			length;			/* IDC_LENGTH: characters seen (after trimming) */
	int			pos;			/* IDC_CHAR/IDC_CHECK: 1-based position */
	char		found;			/* IDC_CHECK: the check character given */
	char		expected;		/* IDC_CHECK: what it should be */
	int			year, month, day;	/* IDC_DATE */
} idc_error;

/* 居民身份证号码: 17 leading digits packed as one integer; the check is derived. */
extern idc_status rid_parse(const char *s, size_t len, uint64_t *out, idc_error *err);
extern void rid_format(uint64_t v, char out[19]);
extern char rid_check_char(const char digits17[17]);
extern void rid_birth(uint64_t v, int *year, int *month, int *day);
extern int	rid_sequence(uint64_t v);
extern bool idc_valid_date(int y, int m, int d);

/* 统一社会信用代码: 17 leading characters (values 0..30) packed into three words. */
typedef struct uscc_packed
{
	uint32_t	w[3];			/* chars 1-5, 6-11, 12-17 in base 31 */
} uscc_packed;

extern const char USCC_ALPHABET[32];
extern idc_status uscc_parse(const char *s, size_t len, uscc_packed *out, idc_error *err);
extern void uscc_format(const uscc_packed *v, char out[19]);
extern char uscc_check_char(const int values17[17]);
extern char orgcode_check_char(const char body8[8]);

#endif
